import type { z } from 'zod';
import type { Text } from '../i18n/text.js';
import type { Role } from './roles.js';
import type { CommandContext } from './context.js';
import type { Outgoing } from './types.js';

/**
 * A slash command, declared like a Bolt listener: its names, arguments (zod), who may run it, its
 * help line, and a handler that returns the reply.
 */
export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  /** English name, typed as `/name`. */
  name: string;
  /** Chinese name(s), typed as `/名称`; the first is shown in help. */
  zh: string[];
  /** Positional parameters in order; a name starting with "..." takes the rest of the line. */
  params: string[];
  args: S;
  /** The least role that may run it; higher roles may too. */
  allow: Role;
  /** Must be sent in a group bound to a grid. */
  needsGrid?: boolean;
  /** Writes state: audited, and never run twice for one event. */
  changesState?: boolean;
  help: Text;
  /** Argument part of the usage line, e.g. "姓名 手机号" / "NAME PHONE". */
  usage?: Text;
  run(ctx: CommandContext, args: z.output<S>): Promise<CommandResult>;
}

export type CommandResult = Text | string | Outgoing | Outgoing[];

export function defineCommand<S extends z.ZodType>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}
