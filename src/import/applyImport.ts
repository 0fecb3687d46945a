import { createHash } from 'node:crypto';
import { Types, type Model } from 'mongoose';
import { GridModel } from '../store/models/grid.js';
import { MemberModel } from '../store/models/member.js';
import { SurveyObjectModel } from '../store/models/surveyObject.js';
import { writeMembersToRosters, type WrittenMember } from '../store/rosters.js';
import type { Membership } from '../domain/gridRoles.js';
import type { ImportPlan } from './planImport.js';
import { duplicatesOnly } from '../store/connect.js';

/** Writes per round trip: large enough to be fast, small enough for any backend's message limit. */
const WRITE_BATCH = 1000;
/** Insert batches in flight: while the database stores one, the next is encoded. */
const INSERTS_IN_FLIGHT = 2;

/**
 * A member new from a sheet is keyed by their phone (hashed into an ObjectId), so a re-run after a
 * crash inserts the same one (a no-op) and the rosters written from the plan name them right.
 */
const importedMemberId = (phone: string) => new Types.ObjectId(createHash('sha1').update(`member:${phone}`).digest('hex').slice(0, 24));

/** What Mongoose adds to a document it inserts itself: the plan's documents are already checked. */
const stamped = <T extends object>(docs: T[], now: Date) => docs.map((doc) => ({ ...doc, createdAt: now, updatedAt: now, __v: 0 }));

/**
 * Inserts without ordering, `INSERTS_IN_FLIGHT` batches at a time, as plain documents (Mongoose's
 * casting and validation cost three times the database's own work here). A document already there
 * (a run cut short and started again) is a no-op, so the whole import is idempotent.
 */
async function insertBatches<T extends object>(model: Model<any>, docs: T[], prepare: (doc: T) => object = (doc) => doc): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < docs.length) {
      const from = next;
      next += WRITE_BATCH;
      const batch = docs.slice(from, next);
      try {
        await model.insertMany(stamped(batch.map(prepare), new Date()), { ordered: false, lean: true });
      } catch (err) {
        if (!duplicatesOnly(err)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: INSERTS_IN_FLIGHT }, worker));
}

/** Single-document `$set`s by `_id`, one command at a time. */
async function updateBatches(model: Model<any>, list: Array<{ id: unknown; set: object }>): Promise<void> {
  for (let i = 0; i < list.length; i += WRITE_BATCH) {
    const ops = list.slice(i, i + WRITE_BATCH).map(({ id, set }) => ({ updateOne: { filter: { _id: id }, update: { $set: set } } }));
    await model.bulkWrite(ops, { ordered: false });
  }
}

/**
 * Grids first, so no object or member ever names a grid that is not there yet. Grids and memberships
 * the sheet adds start `at` (the assessment expects nothing in them before); those already there keep theirs.
 */
export async function applyImport(plan: ImportPlan, at: Date): Promise<void> {
  if (plan.errors.length) throw new Error('an import with row errors is not written');
  joinedAt(plan, at);
  // A re-run meets the unique index on `code` and skips the grids it wrote before.
  await insertBatches(GridModel, plan.newGrids.map((g) => ({ ...g, excellentYears: [], since: at })));
  await insertBatches(SurveyObjectModel, plan.objects.insert);
  await updateBatches(SurveyObjectModel, plan.objects.update);
  await insertBatches(MemberModel, plan.members.insert, (m) => ({ _id: importedMemberId(m.phone), ...m, identities: [] }));
  await updateBatches(MemberModel, plan.members.update);
  await writeMembersToRosters(writtenMembers(plan), new Set(plan.newGrids.map((g) => g.code)));
}

/** Stamps the memberships the plan adds (to new members, and to members in grids they were not in) with their start. */
function joinedAt(plan: ImportPlan, at: Date): void {
  const stamp = (ms: Membership[], before: string[]) => ms.map((m) => (m.since || before.includes(m.grid) ? m : { ...m, since: at }));
  for (const m of plan.members.insert) m.memberships = stamp(m.memberships, []);
  for (const u of plan.members.update) {
    if (!u.set.memberships) continue;
    u.set.memberships = stamp(u.set.memberships, u.formerGrids);
    u.doc.memberships = u.set.memberships;
  }
}

/** The members the plan inserted, and those whose roster entry it changed, as the rosters need them. */
function* writtenMembers(plan: ImportPlan): Generator<WrittenMember> {
  for (const m of plan.members.insert) yield { _id: importedMemberId(m.phone), name: m.name, phone: m.phone, unit: m.unit, memberships: m.memberships, formerGrids: [] };
  for (const u of plan.members.update) {
    if (u.set.name !== undefined || u.set.unit !== undefined || u.set.memberships) yield { _id: u.id, ...u.doc, formerGrids: u.formerGrids };
  }
}
