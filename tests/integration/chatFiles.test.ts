import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWindow } from '../../src/domain/attendanceWindow.js';
import { withCheckCharacter } from '../../src/domain/creditCode.js';
import { createActivity } from '../../src/store/activities.js';
import { recordAttendance } from '../../src/store/attendance.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { GridModel } from '../../src/store/models/grid.js';
import { MemberModel } from '../../src/store/models/member.js';
import { SurveyObjectModel } from '../../src/store/models/surveyObject.js';
import type { DingTalkChat, DingTalkFake, DingTalkUser } from '../fakes/dingtalkFake.js';
import type { LarkChat, LarkFake, LarkUser } from '../fakes/larkFake.js';
import { PEOPLE, phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { bindChat, linkPlatformAccounts, platformIdOf, startPlatformTest, type PlatformTest } from '../support/platforms.js';
import { numberedName } from '../../src/seed/names.js';

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
    { grid: 'JS-01', street: 'JS', type: 'meeting', title: '例会', startsAt, window: defaultWindow(startsAt), place: '会议室', platform: 'console', chatId: 'JS-01', createdBy: 'test', announcedAt: startsAt },
    'test:activity',
  );
  for (const [h, status] of [['member1', 'present'], ['member1b', 'present'], ['member1c', 'leave']] as const) {
    const member = (await MemberModel.findOne({ phone: phoneOf(h) }).lean())!;
    await recordAttendance(activity, member as never, { status, at: startsAt }, `test:${h}`);
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

const HEADER = ['街道/镇', '单位名称', '统一社会信用代码', '行业', '统计员姓名', '手机号'];
const sheetRows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return ['新桥街道', `温州聊天${n}有限公司`, withCheckCharacter(`91330304${String(n).padStart(9, '0')}`), '工业', numberedName('统计员', n), `137${String(n).padStart(8, '0')}`];
  });
const csvBytes = (rows: string[][]) => Buffer.from(stringify([HEADER, ...rows]));
async function xlsxBytes(rows: Array<Array<string | { formula: string }>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('调查对象');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What an import writes. */
async function written(): Promise<string> {
  const [objects, members, grids] = await Promise.all([SurveyObjectModel.countDocuments(), MemberModel.countDocuments(), GridModel.countDocuments()]);
  return JSON.stringify({ objects, members, grids });
}

describe('sheets sent to the bot', () => {
  it('dry-runs a CSV sent to the bot on Lark, then imports it once after [确认导入] (a second press and a replay write nothing)', async () => {
    const me = lark.p2pChatOf(platformIdOf('lark', 'bureau'));
    const before = await SurveyObjectModel.countDocuments();
    lark.pushFile({ from: larkUser('bureau'), chat: { id: me, type: 'p2p' }, name: '调查对象.csv', bytes: csvBytes(sheetRows(1, 6)) });
    const [card] = await lark.replies.waitFor(me, 1);
    expect(card!.kind).toBe('card');
    expect(card!.text).toContain('调查对象 新增 6');
    expect(card!.buttons).toEqual([expect.stringMatching(/^\/导入 确认 [0-9a-f]{8}$/), expect.stringMatching(/^\/导入 取消 /)]);
    expect(await SurveyObjectModel.countDocuments()).toBe(before);

    const messageId = (card!.raw as { message_id: string }).message_id;
    const value = JSON.parse((card!.raw as { content: string }).content).elements.find((e: { tag: string }) => e.tag === 'action').actions[0].value;
    const press = lark.pressButton({ from: larkUser('bureau'), messageId, value });
    const [, done] = await lark.replies.waitFor(me, 2);
    expect(done!.text).toContain('已导入');
    expect(await SurveyObjectModel.countDocuments()).toBe(before + 6);
    lark.redeliver(press.eventId);
    await lark.acked(press.eventId);
    lark.pressButton({ from: larkUser('bureau'), messageId, value });
    const [, , again] = await lark.replies.waitFor(me, 3);
    expect(again!.text).toContain('已经执行过，未重复写入');
    expect(await SurveyObjectModel.countDocuments()).toBe(before + 6);
    expect(await AuditLogModel.countDocuments({ command: 'import', detail: /^import [0-9a-f]{8}: / })).toBe(1);
  });

  it('imports an XLSX sent to the DingTalk robot one-to-one after a press of [确认导入], once with a redelivered callback', async () => {
    const me: DingTalkChat = { id: 'cidP2Pbureau', type: 'p2p' };
    const before = await SurveyObjectModel.countDocuments();
    dt.pushFile({ from: dtUser('bureau'), chat: me, name: '调查对象.xlsx', bytes: await xlsxBytes(sheetRows(101, 4)) });
    const [card] = await dt.replies.waitFor(me.id, 1);
    expect(card).toMatchObject({ kind: 'interactiveCard', buttons: ['确认导入', '取消'] });
    expect(card!.text).toContain('调查对象 新增 4');
    const press = dt.pressCard({ from: dtUser('bureau'), cardBizId: dt.lastCardIn(me.id)!.cardBizId, label: '确认导入' });
    dt.redeliver(press.eventId);
    const [, done] = await dt.replies.waitFor(me.id, 2);
    expect(done!.text).toContain('已导入');
    await dt.acked(press.eventId);
    expect(await SurveyObjectModel.countDocuments()).toBe(before + 4);
    expect(dt.replies.in(me.id)).toHaveLength(2);
  });

  it('refuses each bad file plainly and writes nothing', async () => {
    const me: DingTalkChat = { id: 'cidP2Pbureau', type: 'p2p' };
    const bomb = new JSZip();
    bomb.file('xl/workbook.xml', '<workbook/>');
    bomb.file('xl/worksheets/sheet1.xml', Buffer.alloc(50 * 1024 * 1024, 0x20));
    const macro = new JSZip();
    macro.file('xl/workbook.xml', '<workbook/>');
    macro.file('xl/vbaProject.bin', Buffer.from('macro'));
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(200)]);
    const cases: Array<[string, Buffer, string]> = [
      ['太大.csv', Buffer.concat([csvBytes(sheetRows(201, 1)), Buffer.alloc(21 * 1024 * 1024, 0x20)]), '文件超过 20 MB'],
      ['图片.xlsx', png, '只能导入 XLSX 或 CSV'],
      ['炸弹.xlsx', await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), '解压后过大'],
      ['公式.xlsx', await xlsxBytes([[...sheetRows(301, 1)[0]!.slice(0, 5), { formula: '1+1' }]]), '表格里有公式'],
      ['公式.csv', csvBytes([[...sheetRows(401, 1)[0]!.slice(0, 5), '=1+1']]), '表格里有公式'],
      ['宏.xlsx', await macro.generateAsync({ type: 'nodebuffer' }), '表格里有宏'],
    ];
    const before = await written();
    for (const [name, bytes, reason] of cases) {
      const count = dt.replies.in(me.id).length;
      dt.pushFile({ from: dtUser('bureau'), chat: me, name, bytes });
      const reply = (await dt.replies.waitFor(me.id, count + 1))[count]!;
      expect(reply.text, name).toContain(reason);
    }
    await linkPlatformAccounts('dingtalk', ['member1']);
    const member: DingTalkChat = { id: 'cidP2Pmember1', type: 'p2p' };
    dt.pushFile({ from: dtUser('member1'), chat: member, name: '调查对象.csv', bytes: csvBytes(sheetRows(501, 2)) });
    expect((await dt.replies.waitFor(member.id, 1))[0]!.text).toContain('只有街道管理员');
    expect(await written()).toBe(before);
  });
});
