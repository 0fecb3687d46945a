import { formatWhen } from '../domain/when.js';
import { ageParts, formatProblemNo, type FlowLevel, type ProblemStatus } from '../domain/problemFlow.js';
import { bi, lines, type Text } from '../i18n/text.js';

export const LEVEL_NAMES: Record<FlowLevel, Text> = {
  3: bi('网格', 'grid'),
  2: bi('街道', 'street'),
  1: bi('区统计局', 'bureau'),
};

export const STATUS_NAMES: Record<ProblemStatus, Text> = {
  open: bi('待答复', 'awaiting answer'),
  answered: bi('已答复待确认', 'answered'),
  resolved: bi('已解决', 'resolved'),
};

/** "2天3小时" / "2 d 3 h": how long a problem has waited. */
export function ageText(ms: number): Text {
  const { days, hours, minutes } = ageParts(ms);
  if (days > 0) return bi(`${days}天${hours ? `${hours}小时` : ''}`, `${days} d${hours ? ` ${hours} h` : ''}`);
  if (hours > 0) return bi(`${hours}小时`, `${hours} h`);
  return bi(`${minutes}分钟`, `${minutes} min`);
}

/** A long text cut for a phone screen. */
export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

export const no = formatProblemNo;

/** "若 12月1日（周二）9:00 前未答复，将转街道。" when there is a next level. */
export function escalationNote(at: Date | null | undefined, above: FlowLevel | undefined, now: Date): Text {
  if (!at || !above) return bi('', '');
  const when = formatWhen(at, now);
  return bi(`若 ${when} 前未答复，将转${LEVEL_NAMES[above]['zh-CN']}。`, `If unanswered by ${when}, it goes to the ${LEVEL_NAMES[above].en}.`);
}

/** "请网格长张三、副网格长李四答复：/答复 Q-0001 答复内容" */
export function askToAnswer(number: number, names: Text): Text {
  return bi(
    `请${names['zh-CN'] || '负责人'}答复：/答复 ${no(number)} 答复内容`,
    `${names.en || 'Leaders'}, please answer: /answer ${no(number)} TEXT`,
  );
}

/** The hint under an answer: how to close or follow up. */
export function resolveHint(number: number): Text {
  return bi(
    `问题已解决请发 /解决 ${no(number)}；还有疑问请发 /追问 ${no(number)} 内容`,
    `If this solves it, send /resolve ${no(number)}; otherwise /followup ${no(number)} TEXT`,
  );
}

export const notYourGrid = (number: number) =>
  bi(`${no(number)} 不是您网格的问题，您不能查看或处理。`, `${no(number)} is not a problem of your grid; you cannot see or handle it.`);

/** The lines of a message, leaving out parts that are empty (a note that does not apply). */
export const someLines = (...parts: Text[]) => lines(...parts.filter((p) => p['zh-CN'] || p.en));
