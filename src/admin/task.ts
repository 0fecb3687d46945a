import type { App } from '../app.js';

/** One admin command-line task (`npm run admin -- NAME ARGS`); one file per task in `src/admin/tasks/`. */
export interface AdminTask {
  name: string;
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], app: App, out: (line: string) => void): Promise<number>;
}

export const defineTask = (task: AdminTask) => task;

/** `--name value` and `--flag` options after positional arguments. */
export function parseOptions(args: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        options.set(arg.slice(2), next);
        i++;
      } else options.set(arg.slice(2), true);
    } else positional.push(arg);
  }
  return { positional, options };
}
