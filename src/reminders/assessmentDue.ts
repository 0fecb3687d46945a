import { findRun } from '../assessment/runs.js';
import { summaryOf } from '../assessment/runSummary.js';
import { assessmentReminderMoment, periodOf } from '../domain/reminderSchedule.js';
import { bi } from '../i18n/text.js';
import { calendarKind } from './calendarKind.js';
import { toStreetLeaders } from './reach.js';

/**
 * December's reminders to streets that have not submitted the year's assessment (the plan's 12月底前):
 * the street's leaders hear where it stands and the next step. Nothing once submitted or confirmed.
 */
const assessmentReminder = (spec: { name: string; zh: string; job: string; day: number }) =>
  calendarKind({
    ...spec,
    summary: `annual assessment: streets that have not submitted hear on ${spec.day} December to finish by its end`,
    periods: (now) => [`${periodOf(now).slice(0, 4)}-12`],
    moment: (period, s) => assessmentReminderMoment(period, spec.day, s),
    async compose(app, { street, period }) {
      const year = Number(period.slice(0, 4));
      const run = await findRun(year, street);
      if (run && run.status !== 'draft') return [];
      const ties = run && summaryOf(run).pendingTies?.length;
      const where = !run
        ? bi('还没有试算，请发送：/考核 试算', 'not drafted yet; send: /assess draft')
        : ties
          ? bi('草稿中还有并列名次待决定（见 /考核），决定后提交：/考核 提交', 'a draft with a tie to decide (see /assess); then submit: /assess submit')
          : bi('草稿未提交，复核后请发送：/考核 提交', 'a draft not yet submitted; review it and send: /assess submit');
      return toStreetLeaders(app, street, bi(
        `【考核提醒】${year} 年网格员年度考核须在 12 月底前完成并报区统计局。本街道目前：${where['zh-CN']}`,
        `Assessment: the ${year} assessment of grid members is to be finished and sent to the bureau by the end of December. This street: ${where.en}`,
      ));
    },
  });

export const assessmentMidDecember = assessmentReminder({ name: 'assessment-mid', zh: '考核提醒', job: 'assessmentMidDecember', day: 15 });
export const assessmentLateDecember = assessmentReminder({ name: 'assessment-late', zh: '考核催报', job: 'assessmentLateDecember', day: 25 });
