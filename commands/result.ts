import { z } from 'zod';
import { findRun, resultOf, resultsOf, type RunRecord } from '../src/assessment/runs.js';
import { looksLikeYear, resultText, rosterLines, STATUS_NAMES } from '../src/assessment/texts.js';
import { yearArg } from '../src/assessment/yearArg.js';
import { adminStreets } from '../src/core/access.js';
import { defineCommand } from '../src/core/command.js';
import type { CommandContext, MemberRecord } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { findPeople } from '../src/store/directory.js';
import { gridNames, streetsOfGrids } from '../src/store/grids.js';

/** The streets a person is assessed in: those of their level-3 grids. */
const streetsOf = (person: MemberRecord) => streetsOfGrids(person.memberships.map((m) => m.grid), 3);

const leadsGrid = (person: MemberRecord, grid: string) => person.memberships.some((m) => m.grid === grid && m.role === 'leader');
const draftTag = (run: RunRecord) => (run.status === 'confirmed' ? bi('', '') : bi(`【${STATUS_NAMES[run.status]['zh-CN']}】`, `[${STATUS_NAMES[run.status].en}] `));

/**
 * A person's results, street by street. Results are published when the bureau confirms them;
 * `early` streets (the viewer's own as street admin, or any for the bureau) show drafts too.
 */
async function personResults(person: MemberRecord, year: number, early: (street: string) => boolean, streets?: string[]): Promise<Text[]> {
  const out: Text[] = [];
  let unpublished = false;
  for (const street of streets ?? (await streetsOf(person))) {
    const run = await findRun(year, street);
    const result = run && (await resultOf(run, person));
    if (!run || !result) continue;
    if (run.status !== 'confirmed' && !early(street)) {
      unpublished = true;
      continue;
    }
    const tag = draftTag(run);
    const text = resultText(result, await gridNames(result.grids));
    out.push(bi(`${tag['zh-CN']}${year} 年 ${text['zh-CN']}`, `${tag.en}${year}: ${text.en}`));
  }
  if (!out.length) {
    out.push(unpublished
      ? bi(`${person.name} ${year} 年的考核结果尚未经区统计局确认，确认后可查看。`, `${person.name}'s ${year} result is not confirmed by the bureau yet; it shows here once confirmed.`)
      : bi(`${person.name}没有 ${year} 年的考核结果。`, `${person.name} has no ${year} result.`));
  }
  return out;
}

/** A leader's grid: everyone's score and stars, once confirmed (street admins also see drafts). */
async function gridResults(ctx: CommandContext, year: number, early: boolean): Promise<Text> {
  const grid = ctx.grid!;
  const run = await findRun(year, grid.street!);
  if (!run) throw new UserError(bi(`${grid.name}所在街道还没有 ${year} 年的考核结果。`, `${grid.name}'s street has no ${year} results yet.`));
  if (run.status !== 'confirmed' && !early) {
    throw new UserError(bi(`${year} 年考核结果尚未经区统计局确认，确认后可查看。`, `The ${year} results are not confirmed by the bureau yet.`));
  }
  const rows = (await resultsOf(run)).filter((r) => r.grids.includes(grid.code));
  const passed = rows.filter((r) => r.passed).length;
  const tag = draftTag(run);
  return lines(
    bi(`${tag['zh-CN']}${grid.name} ${year} 年考核结果：合格 ${passed}/${rows.length}`, `${tag.en}${grid.name}, ${year} results: ${passed}/${rows.length} passed`),
    ...rosterLines(rows),
    ...(rows.some((r) => r.adjustment) ? [bi('* 街道调整过', '* adjusted by the street')] : []),
  );
}

export default defineCommand({
  name: 'result',
  zh: ['考核结果'],
  params: ['who', 'year'],
  args: z.object({ who: z.string().max(40).optional(), year: z.string().max(10).optional() }),
  allow: 'registered',
  help: bi('年度考核结果：网格员看本人的，网格长在本网格群看本网格的', 'Annual results: members see their own, leaders their grid’s (in its group)'),
  usage: bi('[姓名或手机号] [年份]', '[NAME-OR-PHONE] [YEAR]'),
  async run(ctx, args) {
    const [who, yearText] = looksLikeYear(args.who) && !args.year ? [undefined, args.who] : [args.who, args.year];
    const year = yearArg(yearText, ctx.now);
    const me = ctx.member!;
    const bureau = ctx.role === 'bureauAdmin';
    const mine = new Set(await adminStreets(me));
    const early = (street: string) => bureau || mine.has(street);

    if (!who) {
      const grid = ctx.grid;
      if (grid?.level === 3 && grid.street && (leadsGrid(me, grid.code) || early(grid.street))) return gridResults(ctx, year, early(grid.street));
      return lines(...(await personResults(me, year, early)));
    }
    const people = await findPeople(who);
    if (!people.length) throw new UserError(bi(`通讯录里没有「${who}」。`, `No one called "${who}" in the directory.`));
    if (people.length > 1) throw new UserError(bi(`有 ${people.length} 位「${who}」，请改用手机号。`, `${people.length} people are called "${who}"; use the phone number.`));
    const target = people[0]!;
    if (target._id.equals(me._id)) return lines(...(await personResults(me, year, early)));

    const theirs = await streetsOf(target);
    if (bureau) return lines(...(await personResults(target, year, early, theirs)));
    const asAdmin = theirs.filter((s) => mine.has(s));
    const led = target.memberships.filter((m) => leadsGrid(me, m.grid)).map((m) => m.grid);
    if (!asAdmin.length && !led.length) {
      throw new UserError(mine.size
        ? bi(`${target.name}不是您街道的网格员，不能查看其考核结果。`, `${target.name} is not a member of your street; you cannot see their result.`)
        : bi('您只能查看自己的考核结果（网格长可在本网格群查看本网格的）。', 'You can only see your own result (leaders see their grid’s in its group).'));
    }
    // A leader sees the results of their grid's people in that grid's street.
    const ledStreets = await streetsOfGrids(led);
    return lines(...(await personResults(target, year, early, [...new Set([...asAdmin, ...ledStreets])])));
  },
});
