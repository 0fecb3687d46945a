import { closest, distance } from 'fastest-levenshtein';
import type { Lang } from '../i18n/text.js';
import type { CommandSpec } from './command.js';

export interface ResolvedCommand {
  command: CommandSpec;
  /** The language of the name the user typed: `/签到` answers in Chinese, `/checkin` in English. */
  lang: Lang;
}

/** Maps every Chinese and English name to its command, and suggests the closest name for a typo. */
export class CommandRouter {
  private readonly byName = new Map<string, ResolvedCommand>();

  constructor(readonly commands: CommandSpec[]) {
    for (const command of commands) {
      this.add(command.name.toLowerCase(), { command, lang: 'en' });
      for (const zh of command.zh) this.add(zh, { command, lang: 'zh-CN' });
    }
  }

  private add(name: string, entry: ResolvedCommand): void {
    const existing = this.byName.get(name);
    if (existing && existing.command !== entry.command) {
      throw new Error(`command name /${name} is declared twice (${existing.command.name}, ${entry.command.name})`);
    }
    this.byName.set(name, entry);
  }

  resolve(name: string): ResolvedCommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The closest known name of a command `allowed` lets through, if it is close enough to be a plausible typo. */
  suggest(name: string, allowed: (command: CommandSpec) => boolean = () => true): string | undefined {
    if (!name) return undefined;
    const names = [...this.byName].filter(([, entry]) => allowed(entry.command)).map(([n]) => n);
    if (!names.length) return undefined;
    const best = closest(name.toLowerCase(), names);
    const limit = Math.max(2, Math.ceil(best.length / 2));
    return distance(name.toLowerCase(), best) <= limit ? best : undefined;
  }
}

export type BoundArgs = { ok: true; value: unknown } | { ok: false };

/** Positional tokens → the command's named arguments, then its zod schema. */
export function bindArgs(command: CommandSpec, tokens: string[], rest: string[]): BoundArgs {
  const input: Record<string, string | undefined> = {};
  const last = command.params[command.params.length - 1];
  const hasRest = last?.startsWith('...') ?? false;
  if (!hasRest && tokens.length > command.params.length) return { ok: false };
  command.params.forEach((param, i) => {
    if (param.startsWith('...')) input[param.slice(3)] = rest[i];
    else input[param] = tokens[i];
  });
  const parsed = command.args.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}
