import { describe, expect, it } from 'vitest';
import { HELP_TOPICS } from '../../src/help/topics.js';
import { CALLERS, ENTITLED, useRouterSession, type Caller } from '../support/routerSession.js';

/*
 * Chinese replies carry no English: every command, typed bare by every rank in every kind of chat,
 * and with its help example by someone it lets through. Codes are not words: A-0001, Q-0002,
 * N-0001, grid and home codes (JS-01, XQ, JS-H), file formats (CSV, XLSX), the admin command line
 * a reply tells the bureau to type (npm run admin -- export budget --year 2026), Excel, and a file's
 * extension (考核结果-2026.xlsx).
 */
const session = useRouterSession();

const CODES = /npm run admin --[ -~]*|\b[A-Z]{1,5}(?:-[A-Z0-9]{1,6})+\b|\b[A-Z]{2,5}\b|Excel|\.(?:xlsx|csv)\b/g;
const latinWords = (text: string) => text.replace(CODES, '').match(/[A-Za-z]{2,}/g) ?? [];

describe('no English in a Chinese reply', () => {
  it('holds for every command, bare and with its example', async () => {
    const examples = new Map(HELP_TOPICS.flatMap((t) => t.commands));
    const lines: Array<{ label: string; line: string; caller: Caller }> = [];
    for (const c of session().router.commands) {
      const bare = `/${c.zh[0]}`;
      for (const caller of CALLERS) lines.push({ label: bare, line: bare, caller });
      const example = examples.get(c.name);
      if (example) lines.push({ label: example, line: example, caller: ENTITLED[c.allow] });
    }
    const outcomes = await session().run(lines);
    const leaks = outcomes.flatMap((o) => o.replies.flatMap((r) => (latinWords(r).length ? [`${o.label}: ${latinWords(r).join(' ')} in ${r.slice(0, 120)}`] : [])));
    expect([...new Set(leaks)]).toEqual([]);
    expect(outcomes.filter((o) => o.crash)).toEqual([]);
  });
});
