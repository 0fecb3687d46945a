import madge from 'madge';
import { describe, expect, it } from 'vitest';

describe('import graph', () => {
  it('has no cycle through the app or the job declaration', async () => {
    // Type-only imports count: a type import of `App` is what tied reminders and jobs into one cycle.
    const graph = await madge(['src', 'commands', 'jobs'], { fileExtensions: ['ts'], tsConfig: 'tsconfig.json' });
    const cycles = graph.circular();
    expect(cycles.filter((c) => c.includes('src/app.ts') || c.includes('src/queue/job.ts'))).toEqual([]);
    // The one left is types only: a command's handler takes a context, whose router lists the commands.
    expect(cycles).toEqual([['src/core/command.ts', 'src/core/context.ts', 'src/core/router.ts']]);
  });
});
