import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commitRevisions, findRun, resultsOf, type RevisionChange } from '../../src/assessment/runs.js';
import { summaryOf } from '../../src/assessment/runSummary.js';
import { draftAssessments } from '../../src/assessment/workflow.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { connectStore, disconnectStore } from '../../src/store/connect.js';
import { AssessmentResultModel } from '../../src/store/models/assessmentResult.js';
import { GridModel } from '../../src/store/models/grid.js';
import { MemberModel } from '../../src/store/models/member.js';
import { rebuildRosters } from '../../src/store/rosters.js';

/*
 * A district's draft reads and writes its streets a group at a time (20 streets), reading the next
 * group while it writes: every street gets its own people, each once, as a street drafted alone does.
 * Runs of first drafts are created in one insert: of two first drafts of a street, one wins.
 */

const NOW = atLocal('2026-12-20', '10:00');
const STREETS = 45; // three groups, the last one short
const street = (s: number) => `S${String(s).padStart(2, '0')}`;
const by = { name: '测试' };

beforeAll(async () => {
  await connectStore(`${inject('mongoBaseUri')}/t_${randomUUID().slice(0, 8)}`);
  await GridModel.insertMany(
    Array.from({ length: STREETS }, (_, i) => [
      { code: street(i + 1), name: `第${i + 1}街道统计网格`, level: 2, street: street(i + 1) },
      { code: `${street(i + 1)}-01`, name: `第${i + 1}街道网格`, level: 3, street: street(i + 1), parent: street(i + 1), industry: '工业' },
    ]).flat(),
  );
  // street n has n % 3 + 1 people in its grid; the last person of each also belongs to the next street's grid
  await MemberModel.insertMany(
    Array.from({ length: STREETS }, (_, i) =>
      Array.from({ length: (i % 3) + 1 }, (_, k) => ({
        name: `${street(i + 1)}成员${k}`,
        phone: `139${String(i * 10 + k).padStart(8, '0')}`,
        memberships: [
          { grid: `${street(i + 1)}-01`, role: k === 0 ? 'leader' : 'member' },
          ...(k === i % 3 && i + 1 < STREETS ? [{ grid: `${street(i + 2)}-01`, role: 'member' }] : []),
        ],
      })),
    ).flat(),
  );
  await rebuildRosters();
});
afterAll(() => disconnectStore());

describe('a district drafted a group of streets at a time', () => {
  it('assesses each street’s people once, as the street drafted alone', async () => {
    const all = await draftAssessments({ year: 2026, now: NOW, by, eventKey: 'drafts:all' });
    expect(all.outcomes.filter((o) => o.ok)).toHaveLength(STREETS);
    for (let s = 1; s <= STREETS; s++) {
      const run = (await findRun(2026, street(s)))!;
      const names = (await resultsOf(run)).map((r) => r.name).sort();
      const own = Array.from({ length: ((s - 1) % 3) + 1 }, (_, k) => `${street(s)}成员${k}`);
      const fromBefore = s > 1 ? [`${street(s - 1)}成员${(s - 2) % 3}`] : [];
      expect(names).toEqual([...own, ...fromBefore].sort());
      expect(summaryOf(run).assessed).toBe(names.length);
    }
    const before = (await resultsOf((await findRun(2026, street(21)))!)).map(({ _id, revision, ...row }) => row);
    const alone = await draftAssessments({ year: 2026, streets: [street(21)], now: NOW, by, eventKey: 'drafts:one' });
    expect(alone.outcomes.map((o) => o.ok)).toEqual([true]);
    const run = (await findRun(2026, street(21)))!;
    expect((await resultsOf(run)).map(({ _id, revision, ...row }) => row)).toEqual(before);
    // the street's first revision was replaced and deleted
    expect(await AssessmentResultModel.distinct('revision', { street: street(21) })).toEqual([run.revision]);
  });

  it('of two first drafts of a street in one write, the first wins and the other’s rows are deleted', async () => {
    await GridModel.create({ code: 'NEW', name: '新街道统计网格', level: 2, street: 'NEW' });
    const first = (await findRun(2026, street(1)))!;
    const rows = (await resultsOf(first)).map(({ _id, revision, ...row }) => ({ ...row, street: 'NEW' }));
    const change = (name: string): RevisionChange => ({
      year: 2026,
      street: { code: 'NEW', name: '新街道' },
      rows,
      run: { asOf: NOW, rules: first.rules, summary: first.summary, adjusted: 0, computedAt: NOW, computedByName: name },
    });
    const outcomes = await commitRevisions([change('甲'), change('乙')], 'drafts:twice');
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    const run = (await findRun(2026, 'NEW'))!;
    expect(run.computedByName).toBe('甲');
    expect(!outcomes[1]!.ok && outcomes[1]!.error.reply).toMatchObject({ 'zh-CN': '新街道的考核结果刚被其他人修改，请查看后重试。' });
    expect(await AssessmentResultModel.distinct('revision', { street: 'NEW' })).toEqual([run.revision]);
  });
});
