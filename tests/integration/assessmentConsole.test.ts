import { describe, expect, it } from 'vitest';
import { demoCast, useDemoConsole } from '../support/consoleSession.js';
import { OffsetClock } from '../../src/core/clock.js';
import { localYearMonth } from '../../src/domain/chinaTime.js';

/** The README's walkthrough of the assessment in the console demo, typed line by line. */
const { type } = useDemoConsole(new OffsetClock());

async function cast() {
  const c = await demoCast();
  return { ...c, grid: c.grid.code, street: c.grid.street!, member: c.members[0]! };
}

describe('the assessment in the console demo (README walkthrough)', () => {
  it('draft, adjust, submit, confirm, stars, excellent grid, funds, results', async () => {
    const c = await cast();
    const year = localYearMonth(new Date()).year;
    await type(`:as ${c.streetDeputy}`, `现在以 ${c.streetDeputy}`);
    await type(`:group ${c.street}`, c.street);
    await type('/考核 试算', `${year} 年考核【草稿】`);
    const adjusted = await type(`/考核 调整 ${c.member} 85 上半年借调区统计局，考勤在区里`, `已调整${c.member}的 ${year} 年考核得分`);
    expect(adjusted).toContain('→ 85');
    // Ties straddling a star boundary wait for the street: decide each as listed (the first of the tie go up).
    for (let status = await type('/考核', '考核'), tie; (tie = /⚖ 并列待街道决定：(.+?)（.*其中 (\d+) 人/.exec(status)); ) {
      status = await type(`/评星 调整 ${tie[1]!.split('、').slice(0, Number(tie[2])).join(' ')}`, '已按街道的决定评星');
    }
    await type('/考核 提交', '已提交区统计局确认。');
    await type(`:as ${c.bureau}`, `现在以 ${c.bureau}`);
    await type(':group OH', 'OH');
    await type(`/考核确认 ${c.street}`, '结果已锁定，不能再修改');
    await type('/评星', '【已确认】');
    await type('/导出 考核', '[文件 考核结果-');
    await type(`/优秀网格 ${c.grid}`, `${year + 1} 年活动经费上浮 20%`);
    await type(`:as ${c.leader}`, `现在以 ${c.leader}`);
    await type(`:group ${c.grid}`, c.grid);
    await type(`/经费 ${year + 1}`, `${year} 年优秀网格，上浮 20%`);
    await type('/考核结果', `${c.member} 85 ★`);
    await type(`:as ${c.member}`, `现在以 ${c.member}`);
    await type('/考核结果', `${c.member}（`);
    expect(await type(`/考核结果 ${c.leader}`, '您只能查看自己的考核结果')).not.toContain('得分');
  });
});
