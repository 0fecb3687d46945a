import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { ActivityModel } from '../../src/store/models/activity.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { StatHomeModel } from '../../src/store/models/statHome.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const clock = new ManualClock(atLocal('2026-03-10', '10:00'));
let t: TestApp;
const one = async (who: Handle, text: string, chat: string) => (await t.say(text, { as: phoneOf(who), chat }))[0]!;
const homes = () => StatHomeModel.find().sort({ code: 1 }).lean();

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
  await StatHomeModel.insertMany([
    { code: 'JS-H', name: '景山街道统计之家', scope: 'street', street: 'JS' },
    { code: 'XQ-H', name: '新桥街道统计之家', scope: 'street', street: 'XQ' },
  ]);
});
afterAll(() => t.close());

describe('statistics homes managed by street admins (/统计之家 新增|停用)', () => {
  it('adds a home to the admin\'s own street, and the bureau one for the district', async () => {
    expect(await one('streetJS', '/统计之家 新增 JS-H2 景山第二统计之家 景山路1号 三楼', 'JS')).toBe('已新增统计之家 JS-H2 景山第二统计之家。');
    expect(await StatHomeModel.findOne({ code: 'JS-H2' }).lean()).toMatchObject({ scope: 'street', street: 'JS', address: '景山路1号 三楼' });
    expect(await one('bureau', '/统计之家 新增 OH-H 瓯海区统计之家 区行政中心', 'p2p-bureau')).toBe('已新增统计之家 OH-H 瓯海区统计之家。');
    expect(await StatHomeModel.findOne({ code: 'OH-H' }).lean()).toMatchObject({ scope: 'district', street: 'OH' });
    expect(await AuditLogModel.countDocuments({ command: 'homes', result: 'ok' })).toBe(2);
    const listed = await one('member1', '/统计之家', 'JS-01');
    expect(listed).toContain('JS-H2 景山第二统计之家｜景山路1号 三楼');
    expect(listed).toContain('OH-H 瓯海区统计之家');
    expect(listed).not.toContain('XQ-H');
  });

  it('holds an activity only in a home of its own street or the district\'s', async () => {
    expect(await one('leader1', '/活动 例会 2026-03-12 14:30 XQ-H 一季度例会', 'JS-01')).toBe(
      'XQ-H 新桥街道统计之家 是别的街道的统计之家。活动只能在本街道或区里的统计之家举行，发送 /统计之家 查看可用的。',
    );
    expect(await one('leader1', '/活动 例会 2026-03-12 14:30 新桥街道统计之家 一季度例会', 'JS-01')).toContain('是别的街道的统计之家');
    expect(await ActivityModel.countDocuments()).toBe(0);
    expect(await one('leader1', '/活动 例会 2026-03-12 14:30 OH-H 一季度例会', 'JS-01')).toContain('地点：瓯海区统计之家（区行政中心）');
    expect(await one('leader1', '/活动 例会 2026-03-13 14:30 JS-H2 一季度例会', 'JS-01')).toContain('地点：景山第二统计之家（景山路1号 三楼）');
  });

  it('retires a home once; a retired home takes no new activity and is no longer listed', async () => {
    expect(await one('streetJS', '/统计之家 停用 JS-H2', 'JS')).toBe('已停用统计之家 JS-H2 景山第二统计之家；已安排的活动不受影响。');
    expect(await one('streetJS', '/统计之家 停用 js-h2', 'JS')).toBe('统计之家 JS-H2 景山第二统计之家 早已停用。');
    expect(await one('leader1', '/活动 例会 2026-03-20 14:30 JS-H2 例会', 'JS-01')).toBe('统计之家 JS-H2 景山第二统计之家 已停用，请换一处。');
    expect(await one('member1', '/统计之家', 'JS-01')).not.toContain('JS-H2');
    expect(await ActivityModel.countDocuments({ homeCode: 'JS-H2' })).toBe(1);
  });

  it.each([
    ['a member', 'member1', '/统计之家 新增 JS-H3 景山三号', 'JS-01', '只有街道管理员、区统计局管理员可以新增或停用统计之家。'],
    ['another street\'s code', 'streetJS', '/统计之家 新增 XQ-H9 新桥九号', 'JS', '编号「XQ-H9」不对：请写成 JS-H2 这样、以本街道编号 JS 开头的编号。'],
    ['a code taken', 'streetJS', '/统计之家 新增 JS-H 景山重复', 'JS', '编号 JS-H 已被占用，请换一个编号。'],
    ['no name', 'streetJS', '/统计之家 新增 JS-H4', 'JS', expect.stringMatching(/^请写上统计之家的名称/)],
    ['a formula as its name', 'streetJS', '/统计之家 新增 JS-H4 =HYPERLINK("x")', 'JS', expect.stringMatching(/^请写上统计之家的名称/)],
    ['another street\'s home', 'streetJS', '/统计之家 停用 XQ-H', 'JS', 'XQ-H 新桥街道统计之家 不是您所在街道的统计之家，不能停用。'],
    ['an unknown home', 'streetJS', '/统计之家 停用 JS-Z9', 'JS', '没有「JS-Z9」这个统计之家。发送 /统计之家 查看编号。'],
    ['no code', 'streetJS', '/统计之家 停用', 'JS', '请写上要停用的统计之家编号，例如：/统计之家 停用 JS-H2'],
  ])('refuses %s and changes nothing', async (_why, who, line, chat, reply) => {
    const before = JSON.stringify(await homes());
    expect(await one(who as Handle, line, chat)).toEqual(reply);
    expect(JSON.stringify(await homes())).toBe(before);
  });
});
