import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { findMemberByIdentity } from '../../src/core/access.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { MemberModel } from '../../src/store/models/member.js';
import { phoneOf, seedSmallDistrict } from '../support/fixtures.js';
import { startTestApp, untilIdle, type TestApp } from '../support/testApp.js';
import { ManualClock } from '../../src/core/clock.js';
import { CACHE_MAX_AGE_MS } from '../../src/core/versionedCache.js';
import { topicOfCollection, watchServerChanges } from '../../src/store/storeChanges.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminderSchedule.js';
import { saveStreetSettings } from '../../src/reminders/settings.js';

/*
 * The directory lookups of the message path, and the activities check-in looks at, are cached in
 * memory and dropped as soon as anything writes to them: a repeat command reads nothing, and a
 * change is seen on the next one.
 */

let t: TestApp;
const clock = new ManualClock(atLocal('2026-03-10', '10:00'));
const one = async (as: string, text: string, chat = 'JS-01') => (await t.say(text, { as, chat }))[0]!;
// Grids are left out: /我的 itself reads the names of the member's grids.
const DIRECTORY = new Set(['members', 'chatidentities', 'chatbindings']);

/** The collections of `watched` read while `work` runs (mongoose's debug hook sees every collection call). */
async function directoryReads(work: () => Promise<unknown>, watched = DIRECTORY): Promise<string[]> {
  const reads: string[] = [];
  mongoose.set('debug', (collection: string, method: string) => {
    if (watched.has(collection) && method.startsWith('find')) reads.push(`${collection}.${method}`);
  });
  await work();
  mongoose.set('debug', false);
  return reads;
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterEach(() => void mongoose.set('debug', false));
afterAll(() => t.close());

describe('the directory cache on the message path', () => {
  it('answers a repeated command without reading the directory', async () => {
    const first = await directoryReads(() => one(phoneOf('member1'), '/我的'));
    expect(first.sort()).toEqual(['chatbindings.findOne', 'chatidentities.findOne', 'members.findOne']);
    const again = await directoryReads(async () => expect(await one(phoneOf('member1'), '/我的')).toContain('一组员'));
    expect(again).toEqual([]);
  });

  it('sees a change written outside any command on the next message', async () => {
    await one(phoneOf('member1'), '/我的');
    await MemberModel.updateOne({ phone: phoneOf('member1') }, { $set: { name: '一组员改' } });
    expect(await one(phoneOf('member1'), '/我的')).toContain('一组员改');
  });

  it('takes a removed member’s access away at once', async () => {
    expect(await one(phoneOf('member1b'), '/通讯录')).toContain('通讯录');
    expect(await one(phoneOf('leader1'), '/删成员 13900000014')).toContain('已把');
    expect(await one(phoneOf('member1b'), '/通讯录')).not.toContain('通讯录（');
  });

  it('sees a write made around the app (no version bump) once its entries are past their age', async () => {
    expect(await one(phoneOf('member1c'), '/我的')).toContain('一组员丙');
    // As mongosh would: straight to the collection, so no hook bumps the directory's version.
    await MemberModel.collection.updateOne({ phone: phoneOf('member1c') }, { $set: { name: '一组员丙改' } });
    clock.advance(CACHE_MAX_AGE_MS - 1000);
    expect(await one(phoneOf('member1c'), '/我的')).not.toContain('一组员丙改');
    clock.advance(1000);
    expect(await one(phoneOf('member1c'), '/我的')).toContain('一组员丙改');
    await MemberModel.updateOne({ phone: phoneOf('member1c') }, { $set: { name: '一组员丙' } });
  });

  it('ages each entry from its own read, so the cache is not emptied all at once', async () => {
    clock.advance(CACHE_MAX_AGE_MS); // whatever earlier tests read is stale now
    expect(await one(phoneOf('member1c'), '/我的')).toContain('一组员丙');
    clock.advance(40_000);
    expect(await one(phoneOf('deputy1'), '/我的')).toContain('一副长');
    // Around the app, as mongosh would: only the age can bring these in.
    await MemberModel.collection.updateOne({ phone: phoneOf('member1c') }, { $set: { name: '一组员丙新' } });
    await MemberModel.collection.updateOne({ phone: phoneOf('deputy1') }, { $set: { name: '一副长新' } });
    clock.advance(CACHE_MAX_AGE_MS - 40_000);
    expect(await one(phoneOf('member1c'), '/我的')).toContain('一组员丙新');
    expect(await one(phoneOf('deputy1'), '/我的')).not.toContain('一副长新');
    await MemberModel.updateOne({ phone: phoneOf('member1c') }, { $set: { name: '一组员丙' } });
    await MemberModel.updateOne({ phone: phoneOf('deputy1') }, { $set: { name: '一副长' } });
  });

  it('sees a change made by another process on the next message: it is announced, not waited out', async () => {
    expect(await one(phoneOf('leader1'), '/我的')).toContain('一格长');
    const args = [`${inject('mongoBaseUri')}/${t.dbName}`, inject('redisUrl'), t.dbName, phoneOf('leader1'), '一格长新'];
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/support/renameInOtherProcess.ts', ...args]);
    // The clock stands still: the entries are far from their age, only the announcement drops them.
    expect(await one(phoneOf('leader1'), '/我的')).toContain('一格长新');
    await MemberModel.updateOne({ phone: phoneOf('leader1') }, { $set: { name: '一格长' } });
    expect(await one(phoneOf('leader1'), '/我的')).not.toContain('一格长新');
  });

  it('watches no change stream on a server without them, and knows each cached collection’s topic', async () => {
    expect(await watchServerChanges()).toBeUndefined();
    expect(['members', 'chatbindings', 'grids', 'activities', 'problems'].map(topicOfCollection)).toEqual(['directory', 'directory', 'directory', 'activities', undefined]);
  });

  it('hands out frozen entries, so no handler can change them for the next message', async () => {
    const member = await findMemberByIdentity('console', phoneOf('leader1'));
    expect(member?.name).toBe('一格长');
    expect(() => member!.memberships.push({ grid: 'XX-01', role: 'leader' })).toThrow(TypeError);
  });
});

describe('the activity cache', () => {
  it('sees a new activity at once, and checks in again without reading activities', async () => {
    const ACTIVITIES = new Set(['activities']);
    expect(await one(phoneOf('member1'), '/签到')).toBe('本网格现在没有可以签到的活动。');
    expect(await one(phoneOf('leader1'), '/活动 例会 2026-03-10 14:30 村委会 一季度统计例会')).toContain('A-0001');
    clock.set(atLocal('2026-03-10', '14:10'));
    expect(await one(phoneOf('member1'), '/签到')).toContain('签到成功');
    expect(await directoryReads(async () => expect(await one(phoneOf('deputy1'), '/签到')).toContain('签到成功'), ACTIVITIES)).toEqual([]);
    expect(await one(phoneOf('member1'), '/签到 A-0001')).toContain('不用重复签到');
    expect(await directoryReads(async () => expect(await one(phoneOf('deputy1'), '/签到 A-0001')).toContain('不用重复签到'), ACTIVITIES)).toEqual([]);
  });
});

describe('the street settings cache', () => {
  it('reads a street’s settings once between changes, and sees a change on the next message', async () => {
    const SETTINGS = new Set(['remindersettings']);
    expect(await directoryReads(() => one(phoneOf('member1'), '/已报'), SETTINGS)).toEqual(['remindersettings.findOne']);
    expect(await directoryReads(async () => expect(await one(phoneOf('deputy1'), '/已报')).toContain('至3月10日'), SETTINGS)).toEqual([]);
    await saveStreetSettings('JS', { ...DEFAULT_REMINDER_SETTINGS, returnsEndDay: 12 }, 'test', clock.now());
    expect(await one(phoneOf('leader1'), '/已报')).toContain('本月报送期 3月1日至3月12日');
  });
});

describe('the grid census broadcasts read', () => {
  it('is read once between changes, and a group unbound meanwhile is no longer counted', async () => {
    const reached = (reply: string) => Number(/正在发往 (\d+) 个网格的群/.exec(reply)?.[1]);
    // The census is every grid (a find with no filter) and the bound grids (a distinct of bindings).
    const censusReads: string[] = [];
    const watchCensus = () =>
      mongoose.set('debug', (collection: string, method: string, query: object) => {
        const whole = JSON.stringify(query) === '{}';
        if ((collection === 'grids' && method === 'find' && whole) || (collection === 'chatbindings' && method === 'distinct')) censusReads.push(`${collection}.${method}`);
      });
    watchCensus();
    expect(reached(await one(phoneOf('bureau'), '/通知 级别=3 第一次', 'OH'))).toBe(3);
    expect(censusReads.sort()).toEqual(['chatbindings.distinct', 'grids.find']);
    censusReads.length = 0;
    expect(reached(await one(phoneOf('bureau'), '/通知 级别=3 第二次', 'OH'))).toBe(3);
    for (const queue of t.app.queues.values()) await untilIdle(queue);
    expect(censusReads).toEqual([]);
    await ChatBindingModel.deleteOne({ _id: 'console:XQ-01' });
    expect(reached(await one(phoneOf('bureau'), '/通知 级别=3 第三次', 'OH'))).toBe(2);
    expect(censusReads.sort()).toEqual(['chatbindings.distinct', 'grids.find']);
  });
});

describe('the event ledger', () => {
  it('claims an event once and remembers it handled', async () => {
    const ledger = t.app.events;
    expect(await ledger.claim('console:ledger-1')).toBe('new');
    expect(await ledger.claim('console:ledger-1')).toBe('accepted');
    expect(await ledger.isDone('console:ledger-1')).toBe(false);
    await ledger.markDone('console:ledger-1');
    expect(await ledger.claim('console:ledger-1')).toBe('done');
    expect(await ledger.count('console:ledger-*')).toEqual({ accepted: 0, done: 1 });
  });
});
