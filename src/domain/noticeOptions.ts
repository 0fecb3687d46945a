import { z } from 'zod';

/**
 * Who a bureau notice goes to, typed before its text so it works on a phone keyboard:
 *   /通知 街道=JS,XQ 级别=3 行业=工业 正文…
 * The same with "：" or ":" instead of "=", or "--街道 JS,XQ" (also "——街道", what a Chinese
 * keyboard makes of "--"). English keys: street, level, industry. Values are separated by
 * "," "，" or "、". No option: every bound group.
 */
export interface NoticeOptions {
  streets: string[];
  levels: number[];
  industries: string[];
  text: string;
}

const KEYS: Record<string, 'streets' | 'levels' | 'industries'> = {
  街道: 'streets', 镇街: 'streets', street: 'streets', streets: 'streets',
  级别: 'levels', level: 'levels', levels: 'levels',
  行业: 'industries', industry: 'industries', industries: 'industries',
};
const KEY = Object.keys(KEYS).join('|');
const OPTION = new RegExp(`^(?:(?:--|——|—)(${KEY})\\s+(\\S+)|(${KEY})\\s*[=:：]\\s*(\\S+))(?:\\s+|$)`, 'i');

const list = z.string().transform((v) => v.split(/[,，、]/).map((s) => s.trim()).filter(Boolean));

const noticeOptionsSchema = z.object({
  streets: z.array(z.string().max(40)).max(50),
  levels: z.array(z.enum(['1', '2', '3']).transform(Number)),
  industries: z.array(z.string().max(20)).max(20),
  text: z.string().trim().min(1).max(2000),
});

/** Splits the options from the text; undefined for a repeated or malformed option, or no text. */
export function parseNoticeOptions(input: string): NoticeOptions | undefined {
  const found: Record<string, string[]> = { streets: [], levels: [], industries: [] };
  const seen = new Set<string>();
  let rest = input.trim();
  for (let m = OPTION.exec(rest); m; m = OPTION.exec(rest)) {
    const key = KEYS[(m[1] ?? m[3])!.toLowerCase()]!;
    if (seen.has(key)) return undefined;
    seen.add(key);
    found[key] = list.parse(m[2] ?? m[4]);
    rest = rest.slice(m[0].length);
  }
  const parsed = noticeOptionsSchema.safeParse({ ...found, text: rest });
  return parsed.success ? parsed.data : undefined;
}
