import { describe, expect, it } from 'vitest';
import { applyFact, emptyTally, factsUpdate, type TallyFact } from '../../src/store/gridTallies.js';

/** A grid's own facts are `$set` at their path, member counts `$inc`ed; the same in memory and in the store. */
describe('tally facts', () => {
  const at = (ms: number) => new Date(ms);
  const key = { year: 2026, grid: 'JS-01', street: 'JS' };
  const none = { $set: {}, $inc: {}, $max: {} };
  const table: Array<[TallyFact, object]> = [
    [{ kind: 'activity', activity: 12, startsAt: at(1000), closesAt: at(2000) }, { $set: { 'held.12': { startsAt: at(1000), closesAt: at(2000) } } }],
    [{ kind: 'report', period: '2026-02', at: at(4000) }, { $set: { 'reports.2026-02': at(4000) } }],
    [{ kind: 'present', member: 'm1' }, { $inc: { 'members.m1.present': 1 } }],
    [{ kind: 'filedOnTime', member: 'm1', period: '2026-03' }, { $inc: { 'members.m1.filedOnTime': 1 }, $max: { 'members.m1.lastFiledOnTime': '2026-03' } }],
    [{ kind: 'ack', member: 'm1' }, { $inc: { 'members.m1.acks': 1 } }],
  ];

  it.each(table)('%o is written as %o', (fact, update) => {
    expect(factsUpdate([fact])).toEqual({ ...none, ...update });
  });

  it('adds up the counts of several facts in one update', () => {
    const facts: TallyFact[] = [{ kind: 'present', member: 'x' }, { kind: 'present', member: 'x' }, { kind: 'ack', member: 'y' }];
    expect(factsUpdate(facts).$inc).toEqual({ 'members.x.present': 2, 'members.y.acks': 1 });
  });

  it('applies facts in memory as the update does: counts add up, the latest month stays the greatest', () => {
    const doc = emptyTally(key);
    const facts: TallyFact[] = [
      { kind: 'activity', activity: 3, startsAt: at(5), closesAt: at(6) },
      { kind: 'present', member: 'x' },
      { kind: 'filedOnTime', member: 'x', period: '2026-04' },
      { kind: 'filedOnTime', member: 'x', period: '2026-02' },
      { kind: 'ack', member: 'y' },
      { kind: 'ack', member: 'y' },
      { kind: 'report', period: '2026-01', at: at(7) },
    ];
    for (const f of facts) applyFact(doc, f);
    expect(doc).toEqual({
      ...emptyTally(key),
      held: { 3: { startsAt: at(5), closesAt: at(6) } },
      reports: { '2026-01': at(7) },
      members: { x: { present: 1, filedOnTime: 2, lastFiledOnTime: '2026-04' }, y: { acks: 2 } },
    });
  });

  it("leaves a grid's own facts as they were when written twice", () => {
    const once = emptyTally(key);
    const twice = emptyTally(key);
    for (const [fact] of table.slice(0, 2)) {
      applyFact(once, fact);
      applyFact(twice, fact);
      applyFact(twice, fact);
    }
    expect(twice).toEqual(once);
  });
});
