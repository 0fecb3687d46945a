import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWindow } from '../../src/domain/attendanceWindow.js';
import { createActivity } from '../../src/store/activities.js';
import { recordAttendance } from '../../src/store/attendance.js';
import { MemberModel } from '../../src/store/models/member.js';
import type { DingTalkChat, DingTalkFake, DingTalkUser } from '../fakes/dingtalkFake.js';
import type { LarkChat, LarkFake, LarkUser } from '../fakes/larkFake.js';
import { PEOPLE, phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { bindChat, linkPlatformAccounts, platformIdOf, startPlatformTest, type PlatformTest } from '../support/platforms.js';

let p: PlatformTest;
let dt: DingTalkFake;
let lark: LarkFake;
const dtDistrict: DingTalkChat = { id: 'cidDistrictOH', type: 'group', title: '瓯海区统计网格群' };
const larkDistrict: LarkChat = { id: 'oc_district_oh', type: 'group', name: '瓯海区统计网格群' };
const dtUser = (h: Handle): DingTalkUser => ({ staffId: platformIdOf('dingtalk', h), nick: PEOPLE[h].name });
const larkUser = (h: Handle): LarkUser => ({ openId: platformIdOf('lark', h), name: PEOPLE[h].name });
const year = new Date(Date.now() - 2 * 86_400_000).getFullYear();

/** The street row of the attendance workbook's summary sheet, as Excel reads it back. */
async function summaryRowOf(bytes: Buffer, street: string): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('汇总')!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows.find((r) => r[1] === street)!;
}

beforeAll(async () => {
  p = await startPlatformTest({ lark: {}, dingtalk: {}, env: { DINGTALK_CHAT_SENDS_PER_MINUTE: '1000' } });
  dt = p.dingtalk!;
  lark = p.lark!;
  await seedSmallDistrict();
  await linkPlatformAccounts('dingtalk', ['bureau', 'streetJS']);
  await linkPlatformAccounts('lark', ['bureau', 'streetJS']);
  await bindChat('dingtalk', dtDistrict.id, 'OH');
  await bindChat('lark', larkDistrict.id, 'OH');
  // One held activity of JS-01 (six in its directory): two came, one on leave.
  const startsAt = new Date(Date.now() - 2 * 86_400_000);
  const activity = await createActivity(
    { grid: 'JS-01', street: 'JS', type: 'meeting', title: '例会', startsAt, window: defaultWindow(startsAt), place: '会议室', platform: 'console', chatId: 'JS-01', createdBy: 'test' },
    'test:activity',
  );
  for (const [h, status] of [['member1', 'present'], ['member1b', 'present'], ['member1c', 'leave']] as const) {
    const member = (await MemberModel.findOne({ phone: phoneOf(h) }).lean())!;
    await recordAttendance(activity, member as never, { status, at: startsAt });
  }
});
afterAll(() => p.close());

describe('/导出 into the chat', () => {
  it('puts the attendance workbook into a Lark group as a file message, with the summary, and it reads back', async () => {
    lark.pushText({ from: larkUser('bureau'), chat: larkDistrict, text: `/导出 考勤 ${year}` });
    const [summary, file] = await lark.replies.waitFor(larkDistrict.id, 2);
    expect(summary!.text).toContain('景山街道：');
    expect(file).toMatchObject({ kind: 'file', text: `活动考勤-${year}.xlsx` });
    const fileKey = JSON.parse((file!.raw as { content: string }).content).file_key;
    const row = await summaryRowOf(lark.files.get(fileKey)!.bytes, '景山街道');
    expect(row.slice(2, 7)).toEqual([1, 6, 2, 1, 3]);
  });

  it('puts it into a DingTalk group through a media upload and the robot file message', async () => {
    dt.pushText({ from: dtUser('bureau'), chat: dtDistrict, text: `/导出 考勤 景山 ${year}` });
    const [, file] = await dt.replies.waitFor(dtDistrict.id, 2);
    expect(file).toMatchObject({ kind: 'file', via: 'groupSend' });
    const mediaId = JSON.parse((file!.raw as { msgParam: string }).msgParam).mediaId;
    const row = await summaryRowOf(dt.media.get(mediaId)!.bytes, '景山街道');
    expect(row.slice(2, 7)).toEqual([1, 6, 2, 1, 3]);
  });

  it('refuses a street admin, and sends nothing', async () => {
    dt.pushText({ from: dtUser('streetJS'), chat: dtDistrict, text: '/导出 考勤' });
    const replies = await dt.replies.waitFor(dtDistrict.id, 3);
    expect(replies[2]!.text).toContain('只有区统计局管理员可以使用 /导出');
    expect(dt.media.size).toBe(1);
  });
});
