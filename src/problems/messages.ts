import type { PlatformName } from '../core/types.js';
import { levelAbove, type FlowLevel } from '../domain/problemFlow.js';
import { bi, lines, pick, type Lang, type Text } from '../i18n/text.js';
import type { ProblemRecord } from '../store/models/problem.js';
import { leaderNames, leadersOf, noticeToLeaders, type ChatRef, type LangFor, type Notice } from './audience.js';
import { chainOf } from './lookup.js';
import { askToAnswer, clip, escalationNote, LEVEL_NAMES, no, resolveHint, someLines } from './texts.js';

/** "一组员（鸿达制造）：月报截止是哪天？" — who asked what, for people who did not see it asked. */
export function questionLine(p: ProblemRecord): Text {
  const unit = p.askerUnit ? `（${p.askerUnit}）` : '';
  const attached = p.attachments.length ? bi(`\n附件：${p.attachments.map((a) => a.url).join(' ')}`, `\nAttached: ${p.attachments.map((a) => a.url).join(' ')}`) : bi('', '');
  return bi(`${p.askerName}${unit}：${p.text}${attached['zh-CN']}`, `${p.askerName}${unit ? ` (${p.askerUnit})` : ''}: ${p.text}${attached.en}`);
}

/**
 * The message that puts a problem before the leaders of the level holding it: `headline`, then who
 * is asked to answer and when it goes up if they do not. Sent to that level's group with them
 * @-mentioned (privately when no group is bound).
 */
export async function noticeToHolders(
  p: ProblemRecord,
  level: FlowLevel,
  headline: Text,
  langFor: LangFor,
  now: Date,
  prefer: ChatRef = p.origin,
): Promise<{ notices: Notice[]; names: Text }> {
  const code = chainOf(p)[level]!;
  const leaders = await leadersOf(code);
  const names = leaderNames(leaders);
  const text = someLines(headline, askToAnswer(p.number, names), escalationNote(p.escalateAt, levelAbove(level), now));
  const notices = await noticeToLeaders(code, leaders, prefer, text, langFor);
  return { notices, names };
}

/** The answer, to the asker where they asked: in that group with them @-mentioned, or privately. */
export function answerNotice(p: ProblemRecord, answer: { text: string; byName: string; level: FlowLevel }, lang: Lang): Notice {
  const levelName = LEVEL_NAMES[answer.level];
  const head = bi(
    `您的问题 ${no(p.number)} 有答复（${answer.byName}，${levelName['zh-CN']}）：\n${answer.text}`,
    `Your problem ${no(p.number)} has an answer (${answer.byName}, ${levelName.en}):\n${answer.text}`,
  );
  const text = pick(lines(bi(`问：${clip(p.text, 40)}`, `Q: ${clip(p.text, 40)}`), head, resolveHint(p.number)), lang);
  const buttons = [{ label: pick(bi('已解决', 'Resolved'), lang), command: `/${lang === 'en' ? 'resolve' : '解决'} ${no(p.number)}` }];
  const { platform, chatId, chatType, userId } = p.origin;
  return chatType === 'group'
    ? { text, buttons, mentions: [userId], to: { platform: platform as PlatformName, chatId } }
    : { text, buttons, to: { platform: platform as PlatformName, userId } };
}
