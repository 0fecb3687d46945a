import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { districtCode, districtRulesSchema, loadRules, saveRules, type DistrictRules } from '../../assessment/settings.js';
import type { ScoreWeights } from '../../domain/scoring.js';
import { AuditLogModel } from '../../store/models/auditLog.js';
import { defineTask, parseOptions } from '../task.js';

const USAGE =
  'assessment-settings [--pass 60] [--member 40,40,20,0] [--leader 30,20,10,40] [--pass-rate 0.8] [--stars 0.1,0.3] [--rewards 1000,1500,2000] [--budget 10000,500,0.2]';

/** "40,40,20,0" → numbers; weights are attendance, returns, notices, monthly reports. */
const numbers = (n: number) => z.string().transform((v) => v.split(/[,，]/).map(Number)).pipe(z.array(z.number().finite()).length(n));
const weights = numbers(4).transform(([attendance, returns, notices, reports]): ScoreWeights => ({ attendance: attendance!, returns: returns!, notices: notices!, reports: reports! }));

function describe(r: DistrictRules): string[] {
  const w = (x: ScoreWeights) => `出勤 ${x.attendance} · 报表 ${x.returns} · 通知 ${x.notices} · 月报 ${x.reports}`;
  return [
    `网格员权重：${w(r.scoring.member)}`,
    `网格长权重：${w(r.scoring.leader)}`,
    `合格分：${r.scoring.passScore}；合格率不低于 ${r.stars.passRate * 100}%`,
    `星级：三星 ${r.stars.threeStarShare * 100}% · 二星 ${r.stars.twoStarShare * 100}% · 其余一星；奖励 ${r.stars.rewards[1]} / ${r.stars.rewards[2]} / ${r.stars.rewards[3]} 元`,
    `活动经费：保底 ${r.budget.minimum} 元，每人 ${r.budget.perMember} 元，上年优秀上浮 ${r.budget.excellentBonus * 100}%`,
  ];
}

/** Shows the district's assessment and budget numbers, or changes them (audited). */
export default defineTask({
  name: 'assessment-settings',
  usage: USAGE,
  summary: 'Show or change the assessment weights, pass score, stars, rewards and budget numbers',
  async run(args, app, out) {
    const { options } = parseOptions(args);
    const current = await loadRules();
    const text = (key: string) => {
      const v = options.get(key);
      return typeof v === 'string' ? v : undefined;
    };
    const parsed = z
      .object({
        pass: z.coerce.number().optional(),
        member: weights.optional(),
        leader: weights.optional(),
        passRate: z.coerce.number().optional(),
        stars: numbers(2).optional(),
        rewards: numbers(3).optional(),
        budget: numbers(3).optional(),
      })
      .safeParse({ pass: text('pass'), member: text('member'), leader: text('leader'), passRate: text('pass-rate'), stars: text('stars'), rewards: text('rewards'), budget: text('budget') });
    if (!parsed.success) {
      out(`Usage: npm run admin -- ${USAGE}`);
      return 2;
    }
    const o = parsed.data;
    const next: DistrictRules = {
      scoring: { member: o.member ?? current.scoring.member, leader: o.leader ?? current.scoring.leader, passScore: o.pass ?? current.scoring.passScore },
      stars: {
        passRate: o.passRate ?? current.stars.passRate,
        threeStarShare: o.stars?.[0] ?? current.stars.threeStarShare,
        twoStarShare: o.stars?.[1] ?? current.stars.twoStarShare,
        rewards: o.rewards ? { 1: o.rewards[0]!, 2: o.rewards[1]!, 3: o.rewards[2]! } : current.stars.rewards,
      },
      budget: o.budget ? { minimum: o.budget[0]!, perMember: o.budget[1]!, excellentBonus: o.budget[2]! } : current.budget,
    };
    const changed = Object.values(o).some((v) => v !== undefined);
    if (changed) {
      const valid = districtRulesSchema.safeParse(next);
      const district = await districtCode();
      if (!valid.success || !district) {
        out(district ? `不能保存：${valid.error?.issues.map((i) => i.message).join('；')}` : '没有区级网格，无法保存设置。');
        return 1;
      }
      await saveRules(district, next, 'admin');
      await AuditLogModel.create({ at: app.services.clock.now(), eventKey: `admin:assessment-settings:${randomUUID()}`, platform: 'admin', command: 'assessment-settings', args: o, result: 'ok', detail: describe(next).join('; ') });
      out('已保存。');
    }
    for (const line of describe(next)) out(line);
    return 0;
  },
});
