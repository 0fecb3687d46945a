import { keywordOf } from './keywords.js';

/** What an activity is, as people type it: its kind and its short number (A-0012). */
export const ACTIVITY_TYPES = ['meeting', 'training', 'teamBuilding', 'lawPublicity'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** The plan's kinds: 例会 (study, exchange, problems), 培训, 团建, 普法 (statistics-law publicity). */
const TYPE_WORDS: Record<string, ActivityType> = {
  例会: 'meeting', 会议: 'meeting', meeting: 'meeting',
  培训: 'training', training: 'training',
  团建: 'teamBuilding', teambuilding: 'teamBuilding', 'team-building': 'teamBuilding',
  普法: 'lawPublicity', 普法宣传: 'lawPublicity', 法治宣传: 'lawPublicity', law: 'lawPublicity', lawpublicity: 'lawPublicity',
};

export const parseActivityType = (text: string): ActivityType | undefined => keywordOf(TYPE_WORDS, text);

export const formatActivityNo = (n: number) => `A-${String(n).padStart(4, '0')}`;

/** "A-0012", "a12" or "12" → 12; with `prefixed`, only the forms with the letter (so "/请假 12点有会" is a reason). */
export function parseActivityNo(text: string, prefixed = false): number | undefined {
  const m = (prefixed ? /^a-?(\d{1,9})$/i : /^(?:a-?)?(\d{1,9})$/i).exec(text.trim());
  const n = m ? Number(m[1]) : 0;
  return n > 0 ? n : undefined;
}

/**
 * Whether an activity created in a grid's group is for the level-3 grids beneath too: a training the
 * street or the bureau organizes (in a level-2 or level-1 group) is; a meeting of their own is not.
 */
export const forGridsBelow = (type: ActivityType, gridLevel: number) => type === 'training' && gridLevel < 3;

interface Placed {
  grid: string;
  street?: string | null;
  /** Set when created (see `forGridsBelow`). */
  forGridsBelow?: boolean | null;
}

/** Who an activity is for: its grid's people, and if held for the grids beneath, those of its street or the whole district. */
export type ActivityAudience = { below: 'none' } | { below: 'street'; street: string } | { below: 'district' };

export function audienceOf(a: Placed): ActivityAudience {
  if (!a.forGridsBelow) return { below: 'none' };
  return a.street ? { below: 'street', street: a.street } : { below: 'district' };
}

/** Whether the people of a grid are expected at an activity (and may check in to it from their group). */
export function activityReaches(a: Placed, grid: { code: string; level: number; street?: string | null }): boolean {
  if (a.grid === grid.code) return true;
  if (grid.level !== 3) return false;
  const audience = audienceOf(a);
  return audience.below === 'district' || (audience.below === 'street' && audience.street === grid.street);
}
