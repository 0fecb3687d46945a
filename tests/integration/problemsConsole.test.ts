import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/core/clock.js';
import { seedDemoDistrict } from '../../src/seed/demoDistrict.js';
import { GridModel } from '../../src/store/models/grid.js';
import { MemberModel } from '../../src/store/models/member.js';
import { startConsole, type ConsoleSession } from '../support/consoleSession.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** The README's walkthrough of problems in the console demo, typed line by line. */
let t: TestApp;
let session: ConsoleSession;
const type = (line: string, expected: string | RegExp) => session.type(line, expected);
const dueAt = (text: string) => /若 (\d{4}-\d\d-\d\d \d\d:\d\d) 前未答复/.exec(text)![1]!;

beforeAll(async () => {
  t = await startTestApp({ clock: new OffsetClock() });
  await seedDemoDistrict();
  session = await startConsole(t.app);
});
afterAll(async () => {
  session.end();
  await t.close();
});

/** The demo people the walkthrough uses, by role (the generated names may change with the seed). */
async function cast() {
  const grid = (await GridModel.findOne({ level: 3 }, { code: 1, name: 1, street: 1 }).sort({ code: 1 }).lean())!;
  const roleIn = async (code: string, role: string) =>
    (await MemberModel.find({ 'memberships.grid': code }, { name: 1, memberships: 1, unit: 1 }).sort({ phone: 1 }).lean())
      .filter((m) => m.memberships.some((ms) => ms.grid === code && ms.role === role));
  const [leader] = await roleIn(grid.code, 'leader');
  const [deputy] = await roleIn(grid.code, 'deputy');
  const [asker, second] = await roleIn(grid.code, 'member');
  const [streetDeputy] = await roleIn(grid.street!, 'deputy');
  const bureau = (await roleIn('OH', 'deputy')).find((m) => m.unit === '区统计局')!;
  const street = (await GridModel.findOne({ code: grid.street }, { name: 1 }).lean())!;
  const other = (await GridModel.findOne({ level: 3, street: { $ne: grid.street } }, { code: 1 }).sort({ code: 1 }).lean())!;
  const [outsider] = await roleIn(other.code, 'member');
  return { grid, streetName: street.name, outsider: outsider!.name, leader: leader!.name, deputy: deputy!.name, asker: asker!.name, second: second!.name, streetDeputy: streetDeputy!.name, bureau: bureau.name };
}

describe('problems in the console demo (README walkthrough)', () => {
  it('raise, answer, follow up, hand on, resolve, standard answer, escalate twice, list', async () => {
    const c = await cast();
    await type(`:as ${c.outsider}`, `现在以 ${c.outsider}`);
    await type('/问题 我不是这个网格的', `您不是「${c.grid.name}」的成员。`);
    await type(`:as ${c.asker}`, `现在以 ${c.asker}`);
    await type('/问题 规上工业月报的报送截止时间是哪天？', `请网格长${c.leader}、副网格长${c.deputy}答复：/答复 Q-0001`);
    await type(`:as ${c.leader}`, `现在以 ${c.leader}`);
    await type('/问题列表', 'Q-0001｜待答复｜网格');
    await type('/答复 Q-0001 每月5日前在联网直报平台报送。', `您的问题 Q-0001 有答复（${c.leader}，网格）`);
    await type(`:as ${c.asker}`, `现在以 ${c.asker}`);
    await type('/追问 Q-0001 遇到节假日会顺延吗？', '【追问】Q-0001');
    await type(`:as ${c.leader}`, `现在以 ${c.leader}`);
    await type(`/转交 Q-0001 ${c.streetDeputy}`, `Q-0001 已转交给 ${c.streetDeputy}`);
    await type(`:as ${c.streetDeputy}`, `现在以 ${c.streetDeputy}`);
    await type('/答复 Q-0001 遇节假日顺延到节后第一个工作日。', `您的问题 Q-0001 有答复（${c.streetDeputy}，网格）`);
    await type(`:as ${c.asker}`, `现在以 ${c.asker}`);
    await type('/解决 Q-0001', 'Q-0001 已标记为解决');
    await type(`:as ${c.bureau}`, `现在以 ${c.bureau}`);
    await type('/标准答复 Q-0001 月报 截止时间', 'Q-0001 已设为标准答复');

    await type(`:as ${c.second}`, `现在以 ${c.second}`);
    const raised = await type('/问题 月报几号截止？', '相似问题的标准答复');
    expect(raised).toContain('1. Q-0001 规上工业月报的报送截止时间是哪天？');
    expect(raised).toContain('答：每月5日前在联网直报平台报送。 遇节假日顺延到节后第一个工作日。');
    const street = await type(`:time ${dueAt(raised)}`, '【问题升级】Q-0002');
    expect(street).toContain(`[${c.streetName}] 统计网格助手：【问题升级】Q-0002`);
    expect(street).toContain(`网格：${c.grid.name}（${c.grid.code}）`);
    await type(`:time ${dueAt(street)}`, /统计网格助手：【问题升级】Q-0002 已 .+ 未答复，现转区统计局。/);
    await type(`:as ${c.bureau}`, `现在以 ${c.bureau}`);
    await type(':group OH', '已进入群');
    await type('/问题列表', /Q-0002｜待答复｜区统计局/);
    await type('/答复 Q-0002 每月5日前，与 Q-0001 相同。', `已答复 Q-0002，已通知提问人${c.second}。`);
  });
});
