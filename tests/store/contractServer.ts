import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { inject } from 'vitest';

/**
 * The server the store contract runs against: STORE_CONTRACT_URI (any MongoDB or MongoDB-compatible
 * server an operator wants to prove) or, in `npm test`, the embedded FerretDB the test setup started.
 * The suite works in a database of its own with a fresh name and drops only that one.
 */
export interface ContractServer {
  /** Separate clients, each with its own connection pool, as several bot processes would be. */
  clients: mongoose.Connection[];
  db: mongoose.mongo.Db;
  dbName: string;
  close(): Promise<void>;
}

export const CONTRACT_URI_VARIABLE = 'STORE_CONTRACT_URI';

function serverUri(): string {
  const uri = process.env[CONTRACT_URI_VARIABLE] ?? inject('mongoBaseUri');
  if (!uri) throw new Error(`set ${CONTRACT_URI_VARIABLE}=mongodb://… to run the store contract against a server`);
  return uri;
}

export async function openContractServer(clientCount: number): Promise<ContractServer> {
  const dbName = `statgrid_contract_${randomBytes(6).toString('hex')}`;
  const uri = serverUri();
  const clients = await Promise.all(
    Array.from({ length: clientCount }, () =>
      mongoose.createConnection(uri, { dbName, maxPoolSize: 20, serverSelectionTimeoutMS: 10_000 }).asPromise(),
    ),
  );
  const db = clients[0]!.db!;
  return {
    clients,
    db,
    dbName,
    close: async () => {
      await db.dropDatabase();
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

/** The same collection as each client sees it, so concurrent writers go through different connections. */
export function eachClient<T extends mongoose.mongo.Document>(server: ContractServer, name: string): Array<mongoose.mongo.Collection<T>> {
  return server.clients.map((client) => client.db!.collection<T>(name));
}
