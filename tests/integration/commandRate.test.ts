import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MSG } from '../../src/i18n/messages.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { MemberModel } from '../../src/store/models/member.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
const say = async (as: Handle, line: string) => (await t.say(line, { as: phoneOf(as), chat: 'JS-01' }))[0];

beforeAll(async () => {
  t = await startTestApp({ env: { COMMANDS_PER_MINUTE: '3' } });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('a per-person command limit', () => {
  it('answers the first command over the limit once, runs none of the excess, and counts each person apart', async () => {
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await say('leader1', `/加成员 限速${'甲乙丙'[i]} 1380000444${i}`));
    expect(replies.filter((r) => r?.startsWith('已把'))).toHaveLength(3);
    const audits = await AuditLogModel.countDocuments();
    expect(await say('leader1', '/加成员 限速丁 13800004443')).toBe(MSG.tooManyCommands['zh-CN']);
    expect(await say('leader1', '/加成员 限速戊 13800004444')).toBeUndefined();
    expect(await MemberModel.countDocuments({ name: { $in: ['限速丁', '限速戊'] } })).toBe(0);
    expect(await AuditLogModel.countDocuments()).toBe(audits);
    expect(await say('member1', '/我的')).toContain('一组员');
  });
});
