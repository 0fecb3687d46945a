import { PassThrough } from 'node:stream';
import type { App } from '../../src/app.js';
import { ConsoleChat } from '../../src/platforms/console/consoleChat.js';
import { waitFor } from './testApp.js';

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
