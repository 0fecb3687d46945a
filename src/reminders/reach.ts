import type { Runtime } from '../core/runtime.js';
import type { PlatformName } from '../core/types.js';
import { pick, type Text } from '../i18n/text.js';
import type { KeyedMessage } from '../outbound/outbox.js';
import { langOf, userIdOn } from '../problems/audience.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import { answerableFor, leadingOf, peopleOfGrids, type GridInfo, type Person } from './people.js';

/** One reminder for one person, about one grid (whose group is the fallback). */
export interface Recipient {
  person: Person;
  grid: string;
  text: Text;
  /** Tells two reminders of one occurrence to the same person apart (their own, and their grid's list). */
  topic?: string;
}

function privateAllowed(runtime: Runtime, platform: string): boolean {
  try {
    return runtime.senders.get(platform as PlatformName).privateMessages !== false;
  } catch {
    return false;
  }
}

/** Bound groups of some grids, by grid: one bulk read. */
export async function groupsOf(grids: string[]): Promise<Map<string, Array<{ platform: PlatformName; chatId: string }>>> {
  const bindings = await ChatBindingModel.find({ grid: { $in: [...new Set(grids)] } }, { platform: 1, chatId: 1, grid: 1 }).lean();
  const byGrid = new Map<string, Array<{ platform: PlatformName; chatId: string }>>();
  for (const b of bindings) byGrid.set(b.grid, [...(byGrid.get(b.grid) ?? []), { platform: b.platform as PlatformName, chatId: b.chatId }]);
  return byGrid;
}

/**
 * Reminds each person individually: a private message where their platform allows one, else in
 * their grid's group, addressed by name and @-mentioned where they have an account there.
 */
export async function reachPeople(runtime: Runtime, recipients: Recipient[]): Promise<KeyedMessage[]> {
  const fallback = runtime.services.config.DEFAULT_LANG;
  const groups = await groupsOf(recipients.map((r) => r.grid));
  const out: KeyedMessage[] = [];
  for (const { person, grid, text, topic } of recipients) {
    const who = `${person._id.toString()}:${grid}${topic ? `:${topic}` : ''}`;
    const identity = person.identities.find((i) => privateAllowed(runtime, i.slice(0, i.indexOf(':'))));
    if (identity) {
      const at = identity.indexOf(':');
      const message = { platform: identity.slice(0, at) as PlatformName, userId: identity.slice(at + 1), text: pick(text, langOf(person, fallback)) };
      out.push({ key: `p:${who}`, message });
      continue;
    }
    for (const g of groups.get(grid) ?? []) {
      const userId = userIdOn(person, g.platform);
      const message = { ...g, text: `${person.name}：${pick(text, fallback)}`, mentions: userId ? [userId] : undefined };
      out.push({ key: `g:${g.platform}:${g.chatId}:${who}`, message });
    }
  }
  return out;
}

/** Each grid's leader (or its deputies) hears about their own grid. */
export async function toGridLeaders(runtime: Runtime, grids: GridInfo[], text: (grid: GridInfo) => Text): Promise<KeyedMessage[]> {
  const people = await peopleOfGrids(grids.map((g) => g.code));
  return reachPeople(runtime, grids.flatMap((grid) => answerableFor(people.get(grid.code)!).map((person) => ({ person, grid: grid.code, text: text(grid) }))));
}

/** The street's leaders and deputies (its street admins) hear it. */
export async function toStreetLeaders(runtime: Runtime, street: string, text: Text): Promise<KeyedMessage[]> {
  const people = await peopleOfGrids([street]);
  return reachPeople(runtime, leadingOf(people.get(street)!).map((person) => ({ person, grid: street, text })));
}
