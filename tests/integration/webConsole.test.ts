import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckCharacter } from '../../src/domain/creditCode.js';
import { calendarSource, isWorkingDay } from '../../src/domain/workCalendar.js';
import { memberCounts } from '../../src/store/memberCounts.js';
import { GridModel } from '../../src/store/models/grid.js';
import { rebuildRosters } from '../../src/store/rosters.js';
import { startWebConsole, type RunningConsole } from '../../src/web/start.js';
import { openBrowser, type Browser } from '../support/browser.js';
import { startConsole, type ConsoleSession } from '../support/consoleSession.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, waitFor, type TestApp } from '../support/testApp.js';

/*
 * The console in Debian's Chromium, signed in through the link the bot sends in the console chat:
 * the overview says what the chat commands say, a grid drills down, a problem is answered from the
 * page and its asker gets the answer in chat, a street admin is refused another street, and a
 * hostile grid name stays text. Screenshots go to test-artifacts/.
 */

const HOSTILE = '<script>alert(1)</script>';
let t: TestApp;
let chat: ConsoleSession;
let web: RunningConsole;
let browser: Browser;
const dialogs: string[] = [];

/** People in the level-3 grids' directories, as a pass over every member counts them. */
async function peopleInLevel3(): Promise<number> {
  const counts = await memberCounts(await GridModel.find({ level: 3 }).distinct('code'));
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

/** Speaks as someone in a group, as a person at the console chat would. */
async function as(who: Handle, group: string): Promise<void> {
  await chat.type(`:as ${phoneOf(who)}`, '现在以');
  await chat.type(`:group ${group}`, '已进入群');
}

/** `/后台` as someone; the private message's link. */
async function signInLink(who: Handle, group: string): Promise<string> {
  await as(who, group);
  const from = chat.transcript().length;
  await chat.type('/后台', '登录链接已私信发给您');
  // The private message and the group's note go out independently, in either order.
  return waitFor(() => new RegExp(`\\[私信 ${phoneOf(who)}\\] .*\\n(http://\\S+/login/\\S+)`).exec(chat.transcript().slice(from))?.[1], 15_000, 'the private link');
}

beforeAll(async () => {
  t = await startTestApp({ env: { WEB_PORT: '0' } });
  await seedSmallDistrict();
  await GridModel.create({ code: 'JS-03', name: HOSTILE, level: 3, industry: '服务业', parent: 'JS', street: 'JS' });
  // A grid written around the import, so the rosters and their counts are rebuilt as after a seed.
  await rebuildRosters();
  web = await startWebConsole(t.app, t.app.services.config);
  chat = await startConsole(t.app);
  browser = await openBrowser();
  browser.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  chat?.end();
  await web?.close();
  await t?.close();
});

describe('the web console in a browser', () => {
  let problem = '';

  it('signs in through the link sent in chat; the overview equals what the chat commands say', async () => {
    await as('member1', 'JS-01');
    problem = /Q-\d{4}/.exec(await chat.type('/问题 统计报表的截止日期是哪天', /Q-\d{4}/))![0];
    await as('bureau', 'OH');
    const activities = await chat.type('/活动情况', '季度');
    const listed = await chat.type('/问题列表', '未解决的问题');
    const link = await signInLink('bureau', 'OH');

    const { page } = browser;
    await page.goto(link);
    await expect.poll(() => page.url()).toBe(`${web.url}/`);
    await page.waitForSelector('#problems-by-level canvas');
    const figure = (label: string) => page.locator(`[data-figure="${label}"]`).innerText();
    const without = /还没有活动的网格（(\d+\/\d+)）/.exec(activities)![1];
    expect(await figure('本季度无活动网格')).toBe(without);
    expect(await figure('未解决问题')).toBe(/未解决的问题 (\d+) 个/.exec(listed)![1]);
    expect(await figure('名录人数')).toBe(String(await peopleInLevel3()));
    await browser.screenshot('overview');
  });

  it('drills down from the street to a grid and its directory', async () => {
    const { page } = browser;
    await page.click('header nav a[href="/grids"]');
    await page.click('text=景山街道统计网格');
    await page.click('a[href="/grids/JS-01"]');
    await expect.poll(() => page.locator('h1').innerText()).toBe('景山工业网格1');
    expect(await page.locator('main').innerText()).toContain('一组员');
    expect(await page.locator('main').innerText()).toContain(problem);
    await browser.screenshot('grid');
  });

  it('answers a problem from the page, and the asker gets the answer in chat', async () => {
    const { page } = browser;
    const from = chat.transcript().length;
    await page.goto(`${web.url}/problems`);
    await page.click(`text=${problem}`);
    await page.fill('input[name="text"]', '本月 10 日前报送');
    await page.click('button:has-text("答复")');
    await page.waitForSelector('.notice');
    expect(await page.locator('table').innerText()).toContain('本月 10 日前报送');
    await browser.screenshot('problem');
    // In the grid's group where it was asked, to the asker by name.
    await expect.poll(() => chat.transcript().slice(from), { timeout: 15_000 })
      .toMatch(new RegExp(`\\[景山工业网格1\\] 统计网格助手：.*\\n您的问题 ${problem} 有答复（区统计员，区统计局）：\\n本月 10 日前报送\\n.*@${phoneOf('member1')}`));
  });

  it('shows a hostile grid name as text', async () => {
    const { page } = browser;
    await page.goto(`${web.url}/grids?street=JS`);
    await expect.poll(() => page.getByText(HOSTILE).count()).toBe(1);
    await page.goto(`${web.url}/grids/JS-03`);
    expect(await page.locator('h1').innerText()).toBe(HOSTILE);
    expect(dialogs).toEqual([]);
    await browser.screenshot('hostile-grid');
  });

  it('shows a notice\'s acknowledgement by street as /通知情况 does', async () => {
    await as('bureau', 'OH');
    const code = /N-\d{4}/.exec(await chat.type('/通知 请于周五前核对名录', /N-\d{4}/))![0];
    await as('member1', 'JS-01');
    await chat.type('/收到', '确认');
    await as('bureau', 'OH');
    const said = await chat.type(`/通知情况 ${code}`, '按街道');
    const { page } = browser;
    await page.goto(`${web.url}/notices`);
    await page.click(`a[href="/notices/${code}"]`);
    const total = /已确认 (\d+\/\d+ \(\d+%\))/.exec(said)![1];
    expect(await page.locator('[data-ack="total"]').innerText()).toBe(total);
    expect(await page.locator('[data-ack="JS"]').innerText()).toBe(/景山街道统计网格：(.+)/.exec(said)![1]);
    await browser.screenshot('notice');
  });

  it('shows the assessment as /考核 states it and the funds as /经费 reckons them', async () => {
    await as('streetJS', 'JS');
    await chat.type('/考核 试算', '考核');
    const status = await chat.type('/考核', '考核【');
    await as('bureau', 'OH');
    const funds = await chat.type('/经费', '活动经费');
    const { page } = browser;
    await page.goto(`${web.url}/assessment`);
    await page.waitForSelector('#stars canvas');
    const run = await page.locator('[data-run="JS"]').innerText();
    expect(status).toContain(run.split('\n')[0]!);
    const [, grids, people, total] = /景山街道：(\d+) 个网格，(\d+) 人，合计 ([\d,]+) 元/.exec(funds)!;
    expect((await page.locator('[data-budget="JS"] td').allInnerTexts()).slice(1, 4)).toEqual([grids, people, total]);
    await browser.screenshot('assessment');
  });

  it('shows the year\'s days off and make-up working days', async () => {
    const { page } = browser;
    await page.goto(`${web.url}/calendar?year=2026`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('2026-10-01');
    expect(text).toContain('2026 年调休上班日');
    await as('streetJS', 'JS');
    const said = await chat.type('/提醒设置', '提醒设置');
    expect(said).toContain((await page.locator('[data-settings="JS"]').innerText()).split('\n')[1]!);
  });

  it('enters a year\'s holidays as `calendar set` does: checked, saved for the bot, audited', async () => {
    const { page } = browser;
    await page.goto(`${web.url}/calendar?year=2031`);
    await page.fill('textarea[name=days]', '2031-13-01 休');
    await page.click('button:has-text("保存")');
    expect(await page.locator('main').innerText()).toContain('有错误，未保存');
    expect(calendarSource(2031)).not.toBe('bureau');

    await page.fill('textarea[name=days]', '2031-01-01 休\n2031-02-10~2031-02-14 休\n2031-02-16 班');
    await page.click('button:has-text("保存")');
    await page.waitForSelector('text=已保存 2031 年日历');
    expect(await page.locator('[data-source]').innerText()).toBe('区统计局录入');
    expect(await page.locator('[data-holidays]').innerText()).toContain('2031-02-12');
    // The bot's working days follow the entry: a Sunday worked, a Wednesday off.
    expect(isWorkingDay('2031-02-16')).toBe(true);
    expect(isWorkingDay('2031-02-12')).toBe(false);
    await browser.screenshot('calendar');
    await page.goto(`${web.url}/audit?command=calendar`);
    expect(await page.locator('table').innerText()).toContain('2031: 6 days off, 1 make-up working days');
  });

  it('shows the queues in bull-board to the bureau', async () => {
    const { page } = browser;
    await page.goto(`${web.url}/queues`);
    await page.waitForSelector('text=outbound', { timeout: 20_000 });
    await browser.screenshot('queues');
  });

  it('imports a sheet through the upload: errors by row, then a dry run, confirmed once', async () => {
    const { page } = browser;
    const code = (n: number) => withCheckCharacter(`91330304${String(n).padStart(9, '0')}`);
    const rows = Array.from({ length: 6 }, (_, i) => ['新桥街道', `新桥测试${i}有限公司`, code(500 + i), '服务业', `统计员${'甲乙丙丁戊己'[i]}`, `1370000050${i}`, '网格员']);
    const sheet = (name: string, body: string[][]) => {
      const path = join(tmpdir(), name);
      writeFileSync(path, stringify([['街道/镇', '单位名称', '统一社会信用代码', '行业', '统计员姓名', '手机号', '角色'], ...body]));
      return path;
    };
    await page.goto(`${web.url}/import`);
    await page.setInputFiles('input[type=file]', sheet('bad.csv', [...rows.slice(0, 5), [...rows[5]!.slice(0, 5), '12345', '网格员']]));
    await page.click('button:has-text("上传并试运行")');
    expect(await page.locator('main').innerText()).toContain('1 行有错误');
    expect(await page.locator('table').innerText()).toMatch(/^7\s/m);

    await page.goto(`${web.url}/import`);
    await page.setInputFiles('input[type=file]', sheet('good.csv', rows));
    await page.click('button:has-text("上传并试运行")');
    expect(await page.locator('main').innerText()).toContain('调查对象 新增 6');
    await browser.screenshot('import-dry-run');
    await page.click('button:has-text("确认导入")');
    await page.waitForSelector('text=已导入 good.csv');
    expect(await page.goBack().then(() => page.click('button:has-text("确认导入")')).then(() => page.locator('main').innerText())).toContain('已经确认过');
    await page.goto(`${web.url}/grids?q=新桥测试3有限公司`);
    expect(await page.locator('table').innerText()).toContain('调查对象：新桥测试3有限公司');
    // The import's new grid and its people are counted where the overview reads them.
    await page.goto(`${web.url}/`);
    expect(await page.locator('[data-figure="名录人数"]').innerText()).toBe(String(await peopleInLevel3()));
  });

  it('refuses a street admin another street\'s grid; a link used twice opens nothing', async () => {
    const link = await signInLink('streetJS', 'JS');
    const { page } = browser;
    await page.goto(link);
    expect((await page.goto(`${web.url}/grids/JS-01`))!.status()).toBe(200);
    const refused = await page.goto(`${web.url}/grids/XQ-01`);
    expect(refused!.status()).toBe(403);
    expect(await page.locator('main').innerText()).not.toContain('新桥工业网格1');
    await browser.screenshot('refused');
    expect((await page.goto(link))!.status()).toBe(410);
  });

  it('signs out from the page: the session is gone', async () => {
    const { page } = browser;
    await page.goto(`${web.url}/`);
    await page.click('header button:has-text("退出")');
    await page.waitForSelector('text=您已退出');
    expect((await page.goto(`${web.url}/`))!.status()).toBe(401);
  });
});
