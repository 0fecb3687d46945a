import { describe, expect, it } from 'vitest';
import { applyFact, packData, readPacked, unpackData, type TallyData } from '../../src/store/gridTallies.js';
import { packRoster, unpackRoster } from '../../src/store/rosters.js';

/** The packed forms of the grid tallies and rosters read back exactly what was written. */
describe('tally and roster packing', () => {
  const at = (ms: number) => new Date(ms);
  const data = (): TallyData => ({ held: {}, present: {}, filed: {}, acks: {}, reports: {} });

  it('round-trips every kind of fact, times to the millisecond', () => {
    const d = data();
    applyFact(d, { kind: 'activity', activity: 12, startsAt: at(1_772_000_000_123), closesAt: at(1_772_001_800_999) });
    applyFact(d, { kind: 'present', activity: 12, member: '65a0000000000000000000aa', at: at(1_771_999_999_001) });
    applyFact(d, { kind: 'present', activity: 12, member: '65a0000000000000000000bb', at: at(1_772_000_000_002) });
    applyFact(d, { kind: 'filed', period: '2026-03', member: '65a0000000000000000000bb', at: at(1_772_500_000_000) });
    applyFact(d, { kind: 'ack', notice: 'N-0001', member: '65a0000000000000000000aa' });
    applyFact(d, { kind: 'ack', notice: 'N-0001', member: '65a0000000000000000000cc' });
    applyFact(d, { kind: 'report', period: '2026-02', at: at(1_771_000_000_000) });
    const text = packData(d);
    expect(unpackData(text)).toEqual(d);
    // Members are written once and referred to by number.
    expect(text.match(/65a0000000000000000000bb/g)).toHaveLength(1);
    expect(readPacked(text).present[0]).toEqual({ key: '12', who: [0, 1], at: [1_771_999_999_001, 1_772_000_000_002] });
  });

  it('forgets a check-in taken back by leave, and an empty tally stays empty', () => {
    const d = data();
    applyFact(d, { kind: 'present', activity: 3, member: 'x', at: at(5) });
    applyFact(d, { kind: 'absent', activity: 3, member: 'x' });
    applyFact(d, { kind: 'absent', activity: 4, member: 'y' });
    expect(unpackData(packData(d))).toEqual(data());
  });

  it('round-trips a roster, tabs and line breaks in names and units made spaces', () => {
    const people = [
      { member: 'a', name: '张三', phone: '13800000000', unit: '某某\t有限公司', role: 'leader' as const },
      { member: 'b', name: '李\n四', phone: '13800000001', unit: '', role: 'member' as const },
    ];
    expect(unpackRoster(packRoster(people))).toEqual([
      { ...people[0], unit: '某某 有限公司' },
      { ...people[1], name: '李 四' },
    ]);
    expect(unpackRoster('')).toEqual([]);
  });
});
