import { isDuplicateKey } from './connect.js';
import { ImportClaimModel } from './models/importClaim.js';

/**
 * Claims a pending import for one event: true for the first event (and for that same event run
 * again after a crash, which then applies the same plan again, changing nothing); false for any other.
 */
export async function claimImport(id: string, eventKey: string, at: Date): Promise<boolean> {
  try {
    await ImportClaimModel.create({ _id: id, eventKey, at });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await ImportClaimModel.findById(id).lean())?.eventKey === eventKey;
  }
}
