import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { CommandSpec } from './command.js';
import type { JobSpec } from '../queue/job.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Default exports of every module in a top-level folder: adding a command or job touches one file. */
export async function loadFolder<T>(folder: string): Promise<T[]> {
  const dir = join(ROOT, folder);
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  const modules = await Promise.all(files.map((f) => import(pathToFileURL(join(dir, f)).href)));
  return modules.map((m, i) => {
    if (!m.default) throw new Error(`${folder}/${files[i]} has no default export`);
    return m.default as T;
  });
}

export const loadCommands = () => loadFolder<CommandSpec>('commands');
export const loadJobs = () => loadFolder<JobSpec>('jobs');
