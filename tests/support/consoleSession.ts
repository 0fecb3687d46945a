import { PassThrough } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../../src/app.js';
import type { Clock } from '../../src/core/clock.js';
import { ConsoleChat } from '../../src/platforms/console/consoleChat.js';
import { seedDemoDistrict } from '../../src/seed/demoDistrict.js';
import { GridModel } from '../../src/store/models/grid.js';
import { MemberModel } from '../../src/store/models/member.js';
import { startTestApp, waitFor, type TestApp } from './testApp.js';

export interface ConsoleSession {
  /** Everything the console has printed so far. */
  transcript(): string;
  /** Types a line and waits for `expected` in what follows it; returns what followed. */
  type(line: string, expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Ends the input (the chat stops reading). */
  end(): void;
}

/** The console chat on a test app, registered as its console sender, typed into as a person would. */
export async function startConsole(app: App): Promise<ConsoleSession> {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = '';
  output.on('data', (chunk) => (transcript += chunk.toString()));
  const chat = new ConsoleChat(app, input, output);
  app.senders.register('console', chat);
  await chat.start();
  return {
    transcript: () => transcript,
    type: async (line, expected, timeoutMs = 15_000) => {
      const from = transcript.length;
      input.write(`${line}\n`);
      const found = (tail: string) => (typeof expected === 'string' ? tail.includes(expected) : expected.test(tail));
      return waitFor(() => (found(transcript.slice(from)) ? transcript.slice(from) : undefined), timeoutMs,
        `console output ${expected} after "${line}"; the console shows:\n${transcript.slice(-2000)}`);
    },
    end: () => input.end(),
  };
}

/**
 * The demo district in the console chat for a walkthrough test file: seeded and started before its
 * tests, ended after them. `type` goes to the session once it runs.
 */
export function useDemoConsole(clock: Clock): { type: ConsoleSession['type']; session(): ConsoleSession } {
  let t: TestApp;
  let session: ConsoleSession;
  beforeAll(async () => {
    t = await startTestApp({ clock });
    await seedDemoDistrict();
    session = await startConsole(t.app);
  });
  afterAll(async () => {
    session.end();
    await t.close();
  });
  return { type: (line, expected, timeoutMs) => session.type(line, expected, timeoutMs), session: () => session };
}

/** Names of the demo people in `code` with `role`, in phone order (the generated names may change with the seed). */
export async function demoPeople(code: string, role: string): Promise<Array<{ name: string; unit: string }>> {
  const people = await MemberModel.find({ 'memberships.grid': code }, { name: 1, memberships: 1, unit: 1 }).sort({ phone: 1 }).lean();
  return people.filter((m) => m.memberships.some((ms) => ms.grid === code && ms.role === role)).map((m) => ({ name: m.name, unit: m.unit }));
}

/** The demo cast a walkthrough uses: the first level-3 grid's people, its street's deputy, and a bureau deputy. */
export async function demoCast() {
  const grid = (await GridModel.findOne({ level: 3 }, { code: 1, name: 1, street: 1 }).sort({ code: 1 }).lean())!;
  const [[leader], [deputy], members, [streetDeputy], bureauDeputies] = await Promise.all([
    demoPeople(grid.code, 'leader'),
    demoPeople(grid.code, 'deputy'),
    demoPeople(grid.code, 'member'),
    demoPeople(grid.street!, 'deputy'),
    demoPeople('OH', 'deputy'),
  ]);
  const bureau = bureauDeputies.find((m) => m.unit === '区统计局')!;
  return { grid, leader: leader!.name, deputy: deputy!.name, members: members.map((m) => m.name), streetDeputy: streetDeputy!.name, bureau: bureau.name };
}
