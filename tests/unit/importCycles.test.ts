import madge from 'madge';
import { describe, expect, it } from 'vitest';

/** A cycle read from its first file in name order: where madge enters a cycle depends on what else imports it. */
const fromFirst = (cycle: string[]) => {
  const first = cycle.indexOf([...cycle].sort()[0]!);
  return [...cycle.slice(first), ...cycle.slice(0, first)];
};

describe('import graph', () => {
  it('has no cycle through the app or the job declaration', async () => {
    // Type-only imports count: a type import of `App` is what tied reminders and jobs into one cycle.
    const graph = await madge(['src', 'commands', 'jobs'], { fileExtensions: ['ts'], tsConfig: 'tsconfig.json' });
    const cycles = graph.circular().map(fromFirst);
    expect(cycles.filter((c) => c.includes('src/app.ts') || c.includes('src/queue/job.ts'))).toEqual([]);
    // The one left is types only: a command's handler takes a context, whose router lists the commands.
    expect(cycles).toEqual([['src/core/command.ts', 'src/core/context.ts', 'src/core/router.ts']]);
  });
});
