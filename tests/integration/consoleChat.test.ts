import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDistrict } from '../../src/seed/demoDistrict.js';
import { GridModel } from '../../src/store/models/grid.js';
import { MemberModel } from '../../src/store/models/member.js';
import { startConsole, type ConsoleSession } from '../support/consoleSession.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
let session: ConsoleSession;
const type = (line: string, expected: string | RegExp) => session.type(line, expected);

beforeAll(async () => {
  t = await startTestApp();
  const summary = await seedDemoDistrict();
  expect(summary.streets).toBe(14);
  session = await startConsole(t.app);
});
afterAll(async () => {
  session.end();
  await t.close();
});

describe('the demo district and the console chat', () => {
  it('seeds all fourteen level-2 units with grids of at most 20 objects and statistics homes', async () => {
    expect(await GridModel.countDocuments({ level: 2 })).toBe(14);
    const level3 = await GridModel.find({ level: 3 }).lean();
    expect(level3.length).toBeGreaterThan(14);
    const names = (await MemberModel.find({}, { name: 1 }).lean()).map((m) => m.name);
    expect(names).not.toContain('林仕德');
    expect(new Set(names).size).toBe(names.length);
  });

  it('chats as the default grid leader, switches person and group, and sees replies as a member would', async () => {
    expect(session.transcript()).toMatch(/当前身份：\S+，当前群：\S+/);
    const whoami = await type('/我的', '网格长');
    expect(whoami).toMatch(/统计网格助手：/);
    const dir = await type('/通讯录', '通讯录（');
    const memberLine = dir.split('\n').find((l) => l.includes('｜网格员｜'))!;
    const memberName = memberLine.split('｜')[0]!.trim();
    await type(`:as ${memberName}`, `现在以 ${memberName}`);
    const masked = await type('/通讯录', '通讯录（');
    expect(masked).toMatch(/\d{3}\*\*\*\*\d{4}/);
    await type(':group JS', '已进入群：景山街道统计网格');
    await type('/chekin', 'There is no /chekin command');
    await type(':who', `身份：${memberName}`);
  });
});
