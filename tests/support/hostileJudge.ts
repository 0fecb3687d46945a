import { parseLine } from '../../src/core/commandLine.js';
import type { CommandRouter } from '../../src/core/router.js';
import { MSG } from '../../src/i18n/messages.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { changedCollections, storeSnapshot } from './writeWatch.js';

/** One line as it went: what the bot said back and which domain collections it wrote. */
export interface Outcome {
  label: string;
  line: string;
  /** The event key (`platform:eventId`): its audit entry tells whether the command succeeded. */
  key: string;
  replies: string[];
  writes: string[];
  crash?: string;
}

const INTERNAL = [MSG.internalError['zh-CN'], MSG.internalError.en];
const HINT = [MSG.notACommand['zh-CN'], MSG.notACommand.en];
/** What sloppy formatting shows; a reply may contain it only when someone typed it. */
const SLOPPY = ['undefined', 'NaN', '[object Object]', 'Invalid Date', 'function '];

/**
 * Judges lines that ran: none may crash, each needs a reply (plain text the hint), none may be an
 * internal error, and none may write unless it was a valid command that succeeded (its audit entry
 * says "ok"). With a snapshot from before, the database itself must show no change that no
 * succeeding line explains.
 */
export class HostileJudge {
  readonly failures: string[] = [];
  /** Words typed into something that succeeded: stored text may show them later. */
  private readonly typed = new Set<string>();

  constructor(private readonly router: CommandRouter) {}

  async judge(outcomes: Outcome[], before?: Map<string, string>): Promise<void> {
    // Only lines that wrote need their audit entry looked up; an internal error shows in the reply.
    const wrote = outcomes.filter((o) => o.writes.length).map((o) => o.key);
    const ok = new Set((await AuditLogModel.find({ eventKey: { $in: wrote }, result: 'ok' }, { eventKey: 1 }).lean()).map((a) => a.eventKey));
    const explained = new Set<string>();
    for (const o of outcomes) {
      const fail = (why: string) => this.failures.push(`${o.label} ${why}: ${JSON.stringify(o.line.slice(0, 160))}`);
      if (o.crash) {
        fail(`threw ${o.crash}`);
        continue;
      }
      const parsed = parseLine(o.line);
      const command = parsed.kind === 'command' ? this.router.resolve(parsed.name)?.command : undefined;
      const shown = o.replies.join(' | ').slice(0, 240);
      if (!o.replies.length) fail('no reply');
      if (parsed.kind === 'text' && !HINT.some((h) => o.replies[0]?.includes(h))) fail(`plain text without the hint: ${shown}`);
      if (o.replies.some((r) => INTERNAL.some((e) => r.includes(e)))) fail('internal error');
      for (const word of SLOPPY) if (o.replies.some((r) => r.includes(word)) && !o.line.includes(word) && !this.typed.has(word)) fail(`reply shows "${word}": ${shown}`);
      if (!o.writes.length) continue;
      if (!ok.has(o.key) || !command?.changesState) {
        fail(`wrote ${[...new Set(o.writes)].join(', ')} without succeeding (reply: ${shown})`);
        continue;
      }
      for (const c of o.writes) explained.add(c);
      for (const word of SLOPPY) if (o.line.includes(word)) this.typed.add(word);
    }
    if (!before) return;
    const unexplained = changedCollections(before, await storeSnapshot()).filter((c) => !explained.has(c));
    if (unexplained.length) this.failures.push(`${outcomes[0]?.label}… changed ${unexplained.join(', ')}, where no line that succeeded wrote`);
  }
}
