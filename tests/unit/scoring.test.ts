import { describe, expect, it } from 'vitest';
import { scoreMember, type MemberRecord } from '../../src/domain/scoring.js';

const t = (done: number, expected: number) => ({ done, expected });

describe('scoreMember', () => {
  it.each<[string, MemberRecord, number, boolean]>([
    ['a perfect member', { attendance: t(4, 4), returns: t(12, 12), notices: t(6, 6), isLeader: false }, 100, true],
    ['half of everything', { attendance: t(2, 4), returns: t(6, 12), notices: t(3, 6), isLeader: false }, 50, false],
    ['no activities held counts as met', { attendance: t(0, 0), returns: t(12, 12), notices: t(0, 6), isLeader: false }, 80, true],
    ['exactly the pass mark', { attendance: t(3, 4), returns: t(6, 12), notices: t(3, 6), isLeader: false }, 60, true],
    ['just under', { attendance: t(3, 4), returns: t(5, 12), notices: t(3, 6), isLeader: false }, 56.7, false],
    ['a leader missing reports', { attendance: t(4, 4), returns: t(12, 12), notices: t(6, 6), reports: t(0, 12), isLeader: true }, 60, true],
    ['a leader with late reports', { attendance: t(2, 4), returns: t(12, 12), notices: t(6, 6), reports: t(3, 12), isLeader: true }, 55, false],
  ])('%s scores %d (passed %s)', (_name, record, score, passed) => {
    expect(scoreMember(record)).toMatchObject({ score, passed });
  });

  it('caps a rate at 1 when more was done than expected', () => {
    expect(scoreMember({ attendance: t(5, 4), returns: t(12, 12), notices: t(6, 6), isLeader: false }).score).toBe(100);
  });

  it('uses configured weights and pass score', () => {
    const rules = { member: { attendance: 1, returns: 0, notices: 0, reports: 0 }, leader: { attendance: 1, returns: 0, notices: 0, reports: 0 }, passScore: 75 };
    expect(scoreMember({ attendance: t(3, 4), returns: t(0, 12), notices: t(0, 6), isLeader: false }, rules)).toMatchObject({ score: 75, passed: true });
  });
});
