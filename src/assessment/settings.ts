import { z } from 'zod';
import { DEFAULT_BUDGET_RULES, type BudgetRules } from '../domain/budget.js';
import { DEFAULT_SCORING_RULES, type ScoreWeights, type ScoringRules } from '../domain/scoring.js';
import { DEFAULT_STAR_RULES, type StarRules } from '../domain/starQuota.js';
import { AssessmentSettingsModel, type AssessmentSettingsDoc } from '../store/models/assessmentSettings.js';
import { GridModel } from '../store/models/grid.js';

/** A district's assessment and budget numbers; the plan's by default. */
export interface DistrictRules {
  scoring: ScoringRules;
  stars: StarRules;
  budget: BudgetRules;
}

export const DEFAULT_DISTRICT_RULES: DistrictRules = { scoring: DEFAULT_SCORING_RULES, stars: DEFAULT_STAR_RULES, budget: DEFAULT_BUDGET_RULES };

const share = z.number().min(0).max(1);
const money = z.number().min(0).max(10_000_000);
const weights = z
  .object({ attendance: z.number().min(0), returns: z.number().min(0), notices: z.number().min(0), reports: z.number().min(0) })
  .refine((w) => w.attendance + w.returns + w.notices + w.reports > 0, 'weights must add up to more than 0');

/** What a district may set: weights add up to more than 0, the star shares to at most 1. */
export const districtRulesSchema = z.object({
  scoring: z.object({ member: weights, leader: weights, passScore: z.number().min(0).max(100) }),
  stars: z
    .object({
      passRate: share,
      threeStarShare: share,
      twoStarShare: share,
      rewards: z.object({ 1: money, 2: money, 3: money }),
    })
    .refine((s) => s.threeStarShare + s.twoStarShare <= 1, 'star shares add up to more than 1'),
  budget: z.object({ minimum: money, perMember: money, excellentBonus: z.number().min(0).max(10) }),
});

/** The district: the level-1 grid, whose code keys its settings. */
export async function districtCode(): Promise<string | undefined> {
  return (await GridModel.findOne({ level: 1 }, { code: 1 }).lean())?.code;
}

const plainWeights = (w: ScoreWeights): ScoreWeights => ({ attendance: w.attendance, returns: w.returns, notices: w.notices, reports: w.reports });

function fromDoc(d: AssessmentSettingsDoc): DistrictRules {
  return {
    scoring: { member: plainWeights(d.memberWeights), leader: plainWeights(d.leaderWeights), passScore: d.passScore },
    stars: {
      passRate: d.passRate,
      threeStarShare: d.threeStarShare,
      twoStarShare: d.twoStarShare,
      rewards: { 1: d.rewardOne, 2: d.rewardTwo, 3: d.rewardThree },
    },
    budget: { minimum: d.budgetMinimum, perMember: d.budgetPerMember, excellentBonus: d.budgetExcellentBonus },
  };
}

export async function loadRules(): Promise<DistrictRules> {
  const code = await districtCode();
  const doc = code ? await AssessmentSettingsModel.findById(code).lean<AssessmentSettingsDoc>() : null;
  return doc ? fromDoc(doc) : DEFAULT_DISTRICT_RULES;
}

export async function saveRules(district: string, rules: DistrictRules, by: string): Promise<void> {
  const r = districtRulesSchema.parse(rules);
  await AssessmentSettingsModel.updateOne(
    { _id: district },
    {
      $set: {
        memberWeights: r.scoring.member,
        leaderWeights: r.scoring.leader,
        passScore: r.scoring.passScore,
        passRate: r.stars.passRate,
        threeStarShare: r.stars.threeStarShare,
        twoStarShare: r.stars.twoStarShare,
        rewardOne: r.stars.rewards[1],
        rewardTwo: r.stars.rewards[2],
        rewardThree: r.stars.rewards[3],
        budgetMinimum: r.budget.minimum,
        budgetPerMember: r.budget.perMember,
        budgetExcellentBonus: r.budget.excellentBonus,
        updatedBy: by,
      },
    },
    { upsert: true },
  );
}
