import { z } from 'zod';
import { toActivityGroupToo } from '../src/activities/announce.js';
import { activityHere } from '../src/activities/lookup.js';
import { aheadOnly, resolvePlace, startWarnings } from '../src/activities/start.js';
import { activityNo, changeNotice, windowOf } from '../src/activities/texts.js';
import { defineCommand } from '../src/core/command.js';
import { usageOf } from '../src/core/dispatch.js';
import { UserError } from '../src/core/errors.js';
import { formatWhen, parseWhen } from '../src/domain/when.js';
import { MSG } from '../src/i18n/messages.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { changeActivity, type ActivityChange } from '../src/store/activities.js';
import { addToTally, yearOf, type TallyFact } from '../src/store/gridTallies.js';

/** "时间=明天 15:00 地点=JS-H 主题=…": each value runs to the next key, so it may hold spaces. */
const KEYS: Record<string, 'time' | 'place' | 'title'> = { 时间: 'time', 地点: 'place', 主题: 'title', time: 'time', place: 'place', title: 'title' };
const KEY = /(时间|地点|主题|time|place|title)\s*[=＝:：]\s*/gi;

function fieldsOf(text: string): Partial<Record<'time' | 'place' | 'title', string>> {
  const marks = [...text.matchAll(KEY)];
  if (marks.length === 0 || marks[0]!.index !== 0) return {};
  const fields: Partial<Record<'time' | 'place' | 'title', string>> = {};
  marks.forEach((m, i) => {
    const value = text.slice(m.index + m[0].length, marks[i + 1]?.index ?? text.length).trim();
    if (value) fields[KEYS[m[1]!.toLowerCase()]!] = value;
  });
  return fields;
}

const changeCommand = defineCommand({
  name: 'changeactivity',
  zh: ['改活动'],
  params: ['activity', '...changes'],
  args: z.object({ activity: z.string().max(20), changes: z.string().trim().min(1).max(300) }),
  allow: 'deputy',
  needsGrid: true,
  changesState: true,
  help: bi('修改未开始活动的时间、地点或主题，并通知成员', "Change a coming activity's time, place or title, and tell its group"),
  usage: bi('活动编号 [时间=…] [地点=…] [主题=…]', 'ACTIVITY [time=…] [place=…] [title=…]'),
  async run(ctx, args) {
    const fields = fieldsOf(args.changes);
    if (!fields.time && !fields.place && !fields.title) {
      const usage = usageOf(changeCommand);
      throw new UserError(MSG.usage(usage['zh-CN'], usage.en));
    }
    const activity = await activityHere(args.activity, ctx.grid!);
    const no = activityNo(activity.number);
    if (activity.startsAt <= ctx.now) {
      throw new UserError(bi(`${no} 已经开始，不能再修改；有误可用 /取消活动 ${no} 原因。`, `${no} has started and cannot be changed; if it was a mistake: /cancelactivity ${no} REASON.`));
    }
    const change: ActivityChange = {};
    const said: Text[] = [];
    const notes: Text[] = [];
    if (fields.time) {
      const when = parseWhen(fields.time, ctx.now);
      if (when?.grain !== 'minute') {
        throw new UserError(bi(`时间「${fields.time}」不对：请写日期和时间，例如 明天下午3点、12月8日 15:00。`, `The time "${fields.time}" is wrong: write a date and time such as 2026-12-08 15:00.`));
      }
      change.startsAt = aheadOnly(when, ctx.now);
      // The check-in window moves with the start, keeping its length and lead.
      const shift = change.startsAt.getTime() - activity.startsAt.getTime();
      const w = windowOf(activity);
      change.window = { opensAt: new Date(w.opensAt.getTime() + shift), closesAt: new Date(w.closesAt.getTime() + shift) };
      const shown = formatWhen(change.startsAt, ctx.now);
      said.push(bi(`时间改为 ${shown}`, `now at ${shown}`));
      if (when.guessed) notes.push(bi(`按 ${shown} 修改，不对请再改。`, `Changed to ${shown}; if that is wrong, change it again.`));
      notes.push(...(await startWarnings(change.startsAt, activity.street ?? undefined)));
    }
    if (fields.place) {
      Object.assign(change, await resolvePlace(fields.place, ctx.grid!));
      said.push(bi(`地点改为 ${change.place}`, `now at ${change.place}`));
    }
    if (fields.title) {
      change.title = fields.title.slice(0, 200);
      said.push(bi(`主题改为「${change.title}」`, `now titled "${change.title}"`));
    }

    if (change.startsAt && change.window) {
      const key = (at: Date) => ({ year: yearOf(at), grid: activity.grid, street: activity.street ?? undefined });
      const moved: TallyFact = { kind: 'activity', activity: activity.number, startsAt: change.startsAt, closesAt: change.window.closesAt };
      // A move into another year leaves the old year's tally; within a year the entry is replaced.
      if (yearOf(change.startsAt) !== yearOf(activity.startsAt)) await addToTally(key(activity.startsAt), [{ kind: 'cancelled', activity: activity.number }]);
      await addToTally(key(change.startsAt), [moved]);
    }
    const changed = await changeActivity(activity, change);
    if (!changed) throw new UserError(bi(`${no} 刚被修改或取消，请查看后再改。`, `${no} was just changed or cancelled; check it and try again.`));
    ctx.auditDetail = `changed ${no}: ${JSON.stringify({ ...fields })}`;
    const notice = changeNotice(changed, said, ctx.now);
    const out = toActivityGroupToo(ctx, changed, notice);
    return notes.length ? [{ text: lines(...notes) }, out] : out;
  },
});

export default changeCommand;
