import { describe, expect, it } from 'vitest';
import { demoCast, demoPeople, useDemoConsole } from '../support/consoleSession.js';
import { OffsetClock } from '../../src/core/clock.js';
import { GridModel } from '../../src/store/models/grid.js';

/** The README's walkthrough of problems in the console demo, typed line by line. */
const { type } = useDemoConsole(new OffsetClock());
const dueAt = (text: string) => /若 (\S+) 前未答复/.exec(text)![1]!;

async function cast() {
  const c = await demoCast();
  const street = (await GridModel.findOne({ code: c.grid.street }, { name: 1 }).lean())!;
  const other = (await GridModel.findOne({ level: 3, street: { $ne: c.grid.street } }, { code: 1 }).sort({ code: 1 }).lean())!;
  const [outsider] = await demoPeople(other.code, 'member');
  return { ...c, streetName: street.name, outsider: outsider!.name, asker: c.members[0]!, second: c.members[1]! };
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
