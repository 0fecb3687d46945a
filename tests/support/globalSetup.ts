import type { TestProject } from 'vitest/node';
import { freshTempDir, startLocalStack, type LocalStack } from '../../src/embedded/localServices.js';

/** One real FerretDB and one real Redis for the whole run, in a fresh temporary folder on free ports. */
let stack: LocalStack | undefined;

export async function setup(project: TestProject): Promise<void> {
  stack = await startLocalStack({ dataDir: freshTempDir('statgrid-test-'), persistent: false, dbName: 'unused' });
  project.provide('mongoBaseUri', stack.mongoUri.replace(/\/[^/]*$/, ''));
  project.provide('redisUrl', stack.redisUrl);
  project.provide('mongoDataDir', stack.mongo!.dir);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoBaseUri: string;
    redisUrl: string;
    /** Where the embedded database keeps its files (FerretDB: one SQLite file per database). */
    mongoDataDir: string;
  }
}
