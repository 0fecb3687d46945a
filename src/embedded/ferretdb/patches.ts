import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../processes.js';

/** Our patches to FerretDB's source: what each does and why is in README.md beside this file. */
const HERE = fileURLToPath(new URL('./', import.meta.url));
const DIFFS = join(HERE, 'patches');
/** Files added to FerretDB's source, at the same paths under `source/`. */
const ADDED = join(HERE, 'source');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Names our build after the patches it carries (its `--version` prints it as the package), so a binary
 * built from other patches is rebuilt without anyone remembering to bump a number.
 */
export function ferretdbPackage(): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(DIFFS), ...filesUnder(ADDED)]) hash.update(file.slice(HERE.length)).update(readFileSync(file));
  return `statgrid-${hash.digest('hex').slice(0, 12)}`;
}

/** Applies the diffs in order (`git apply` refuses a diff whose context moved, so the build fails loudly). */
export function patchFerretDB(src: string): void {
  cpSync(ADDED, src, { recursive: true });
  for (const diff of filesUnder(DIFFS)) run('git', ['apply', diff], src);
}
