import { describe, expect, it } from 'vitest';
import { applyFact, emptyTally, factsUpdate, type TallyFact } from '../../src/store/gridTallies.js';

/** Each fact is one path of its grid's tally, written by one `$set` (or `$unset`), the same in memory and in the store. */
describe('tally facts', () => {
  const at = (ms: number) => new Date(ms);
  const key = { year: 2026, grid: 'JS-01', street: 'JS' };
  const table: Array<[TallyFact, string, unknown]> = [
    [{ kind: 'activity', activity: 12, startsAt: at(1000), closesAt: at(2000) }, 'held.12', { startsAt: at(1000), closesAt: at(2000) }],
    [{ kind: 'present', activity: 12, member: 'm1', at: at(1500) }, 'present.12.m1', at(1500)],
    [{ kind: 'filed', period: '2026-03', member: 'm1', at: at(3000) }, 'filed.2026-03.m1', at(3000)],
    [{ kind: 'ack', notice: 'N-0001', member: 'm1' }, 'acks.N-0001.m1', true],
    [{ kind: 'report', period: '2026-02', at: at(4000) }, 'reports.2026-02', at(4000)],
  ];

  it.each(table)('%o is $set at its path', (fact, path, value) => {
    expect(factsUpdate([fact])).toEqual({ $set: { [path]: value }, $unset: {} });
  });

  it('writes leave as an $unset of the check-in, and applies the same in memory', () => {
    const facts: TallyFact[] = [
      { kind: 'present', activity: 3, member: 'x', at: at(5) },
      { kind: 'present', activity: 3, member: 'y', at: at(6) },
      { kind: 'absent', activity: 3, member: 'x' },
    ];
    expect(factsUpdate(facts.slice(2)).$unset).toEqual({ 'present.3.x': '' });
    const doc = emptyTally(key);
    for (const f of facts) applyFact(doc, f);
    expect(doc.present).toEqual({ 3: { y: at(6) } });
  });

  it('leaves a tally as it was when a fact is written twice', () => {
    const once = emptyTally(key);
    const twice = emptyTally(key);
    for (const [fact] of table) {
      applyFact(once, fact);
      applyFact(twice, fact);
      applyFact(twice, fact);
    }
    expect(twice).toEqual(once);
  });
});
