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
