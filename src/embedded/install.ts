// Builds or finds the local database and Redis binaries before a test run, so the first test does
// not spend its time compiling FerretDB.
import { ensureFerretDB, ensureRedisServer } from './localServices.js';
import { findOnPath } from './processes.js';

const mongo = findOnPath('mongod') ?? ensureFerretDB();
const redis = ensureRedisServer();
console.log(`local services ready: ${mongo}, ${redis}`);
