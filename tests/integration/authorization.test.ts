import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../src/core/command.js';
import { atLeast, whoMay, type Role } from '../../src/core/roles.js';
import { IDENTITY } from '../../src/identity/texts.js';
import { MSG } from '../../src/i18n/messages.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { MemberModel, identityKey } from '../../src/store/models/member.js';
import { PEOPLE, phoneOf, type Handle } from '../support/fixtures.js';
import type { Outcome } from '../support/hostileJudge.js';
import { useRouterSession, type Caller } from '../support/routerSession.js';
import { changedCollections, storeSnapshot } from '../support/writeWatch.js';

/*
 * Every command (from the router, so new ones are covered) × every rank × own grid, another grid,
 * the street's and the district's groups, a private chat and an unbound group, checked against the
 * intended rules rather than the code that applies them: a caller below a command's `allow` is
 * refused and nothing is written. Then every command that names something of a grid (a grid, an
 * activity, a problem, a street, a person, a notice) is tried by people of another grid or street:
 * refused, nothing written, and nothing of that grid in the reply.
 */

type Person = Handle | 'stranger' | 'pending' | 'plain';
/**
 * One of each rank; "plain" is registered and in no grid; "pending" has claimed a directory person
 * (/登记) that no leader has confirmed yet, so is no one: a stranger told that they are waiting.
 */
const PERSONAS: Person[] = ['stranger', 'pending', 'plain', 'member1', 'deputy1', 'leader1', 'streetJS', 'bureau'];
const PLACES = ['JS-01', 'XQ-01', 'JS', 'XQ', 'OH', 'p2p', 'nowhere'] as const;
type Place = (typeof PLACES)[number];
const PLAIN = { name: '无网格', phone: '13900000088' };
const XQ_NEWCOMER = { name: '新桥新人', phone: '13900000077' };
const UNBOUND: Place[] = ['p2p', 'nowhere'];

/**
 * The rank each persona should have in each place, by the rules (domain.md, README): leaders and
 * deputies of the district grid are bureau admins everywhere; those of a street grid are street
 * admins in their street's groups and where no grid is bound; otherwise one's role in the group's grid.
 */
function intendedRole(who: Person, where: Place): Role {
  const own: Partial<Record<Person, Partial<Record<Place, Role>>>> = {
    member1: { 'JS-01': 'member' },
    deputy1: { 'JS-01': 'deputy' },
    leader1: { 'JS-01': 'leader', JS: 'member' },
  };
  if (who === 'stranger' || who === 'pending') return 'anyone';
  if (who === 'bureau') return 'bureauAdmin';
  if (who === 'streetJS') return ['JS', 'JS-01', 'p2p', 'nowhere'].includes(where) ? 'streetAdmin' : 'registered';
  return own[who]?.[where] ?? 'registered';
}

const senderOf = (who: Person) => (who === 'stranger' || who === 'pending' ? who : who === 'plain' ? PLAIN.phone : phoneOf(who));
const callerOf = (who: Person, where: Place): Caller => ({ senderId: senderOf(who), chatId: where, chatType: where === 'p2p' ? 'p2p' : 'group' });

/** What another grid keeps that no one outside it may read: set up in beforeAll. */
const SECRETS = ['新桥秘密问题', '新桥秘密例会', '新桥请假理由', '新桥秘密月报', PEOPLE.leaderXQ.phone, PEOPLE.memberXQ.phone];

interface Probe {
  as: Person;
  in: Place;
  /**
   * `{A}` the other grid's activity, `{Q}` its problem, `{N}` a notice only for its street, `{ALL}` one
   * for all, `{R}` a registration waiting for its leader.
   */
  line: string;
  /** More that must not show in this reply. */
  secrets?: string[];
}

/**
 * Commands that name something of a grid, tried from another grid or street. Every command must
 * be here or in `SCOPED`: a new command fails this test until someone decides which.
 */
const TARGETED: Record<string, Probe[]> = {
  ack: [{ as: 'member1', in: 'JS-01', line: '/收到 {N}' }, { as: 'streetJS', in: 'p2p', line: '/收到 {N}' }],
  answer: [{ as: 'leader1', in: 'JS-01', line: '/答复 {Q} 答复' }, { as: 'leader1', in: 'p2p', line: '/答复 {Q} 答复' }, { as: 'streetJS', in: 'p2p', line: '/答复 {Q} 答复' }],
  followup: [{ as: 'member1', in: 'p2p', line: '/追问 {Q} 再问' }, { as: 'leader1', in: 'JS-01', line: '/追问 {Q} 再问' }],
  handover: [{ as: 'leader1', in: 'JS-01', line: '/转交 {Q} 一组员' }, { as: 'streetJS', in: 'p2p', line: '/转交 {Q} 景山主任' }],
  resolve: [{ as: 'member1', in: 'p2p', line: '/解决 {Q}' }, { as: 'streetJS', in: 'p2p', line: '/解决 {Q}' }],
  attendance: [{ as: 'leader1', in: 'JS-01', line: '/考勤 {A}' }, { as: 'deputy1', in: 'JS-01', line: '/考勤 {A}' }],
  checkin: [{ as: 'member1', in: 'JS-01', line: '/签到 {A}' }],
  leave: [{ as: 'member1', in: 'JS-01', line: '/请假 {A} 出差' }],
  bind: [{ as: 'streetJS', in: 'nowhere', line: '/绑定 XQ-01' }, { as: 'streetJS', in: 'nowhere', line: '/绑定 XQ' }, { as: 'streetJS', in: 'nowhere', line: '/绑定 OH' }],
  setleader: [{ as: 'streetJS', in: 'p2p', line: '/设置网格长 XQ-01 一组员' }, { as: 'streetJS', in: 'JS', line: '/设置网格长 XQ-01 一组员 副' }],
  removemember: [{ as: 'leader1', in: 'JS-01', line: '/删成员 新组员' }, { as: 'leader1', in: 'JS-01', line: `/删成员 ${PEOPLE.memberXQ.phone}` }],
  result: [
    { as: 'leader1', in: 'JS-01', line: '/考核结果 新组员' }, { as: 'streetJS', in: 'p2p', line: '/考核结果 新组员' },
    { as: 'member1', in: 'p2p', line: '/考核结果 新格长' }, { as: 'leader1', in: 'XQ-01', line: '/考核结果', secrets: ['新组员'] },
  ],
  questions: [
    { as: 'leader1', in: 'p2p', line: '/问题列表' }, { as: 'streetJS', in: 'p2p', line: '/问题列表' },
    { as: 'member1', in: 'XQ-01', line: '/问题列表' }, { as: 'leader1', in: 'XQ-01', line: '/问题列表' },
  ],
  reports: [{ as: 'streetJS', in: 'p2p', line: '/月报情况' }, { as: 'streetJS', in: 'JS-01', line: '/月报情况' }],
  hear: [{ as: 'streetJS', in: 'p2p', line: '/听取 XQ-01' }, { as: 'streetJS', in: 'JS', line: '/听取 XQ-01 上个月' }],
  notices: [{ as: 'streetJS', in: 'p2p', line: '/通知情况 {ALL}', secrets: ['XQ-01'] }, { as: 'streetJS', in: 'JS', line: '/通知情况 {ALL}', secrets: ['XQ-01'] }],
  assess: [{ as: 'streetJS', in: 'JS', line: '/考核 调整 新组员 90 年中调入理由' }, { as: 'streetJS', in: 'p2p', line: '/考核 调整 新组员 90 年中调入理由' }],
  ask: [{ as: 'leader1', in: 'XQ-01', line: '/问题 在别的网格群里提问' }],
  confirmreg: [{ as: 'leader1', in: 'p2p', line: '/确认登记 {R}' }, { as: 'streetJS', in: 'p2p', line: '/确认登记 {R}' }, { as: 'member1', in: 'p2p', line: '/确认登记 {R}' }],
  refusereg: [{ as: 'leader1', in: 'p2p', line: '/拒绝登记 {R}' }, { as: 'streetJS', in: 'JS', line: '/拒绝登记 {R}' }],
  phone: [
    { as: 'leader1', in: 'p2p', line: '/号码 新组员' }, { as: 'streetJS', in: 'p2p', line: '/号码 新格长' },
    { as: 'member1', in: 'p2p', line: '/号码 一格长' }, { as: 'leader1', in: 'JS-01', line: '/号码 一组员', secrets: [PEOPLE.member1.phone] },
  ],
  unlink: [{ as: 'leader1', in: 'JS-01', line: '/解绑 新组员' }, { as: 'leader1', in: 'JS-01', line: `/解绑 ${PEOPLE.memberXQ.phone}` }],
  cancelactivity: [{ as: 'leader1', in: 'JS-01', line: '/取消活动 {A} 不开了' }, { as: 'streetJS', in: 'JS-01', line: '/取消活动 {A} 不开了' }],
  changeactivity: [{ as: 'leader1', in: 'JS-01', line: '/改活动 {A} 主题=改掉' }, { as: 'streetJS', in: 'JS-01', line: '/改活动 {A} 时间=后天 9:00' }],
};

/** Commands that name nothing of a grid, with why the rank matrix covers them. */
const SCOPED: Record<string, string> = {
  help: 'public', console: "the caller's own sign-in link (the console checks every page's grid)", whoami: "the caller's own", myattendance: "the caller's own", register: "the caller's own account", homes: 'public venues of the chat\'s grid; adding and retiring check the home\'s street (tests/integration/statHomes.test.ts)',
  unregister: "the caller's own account",
  activities: "the chat's grid", activity: "the chat's grid", backfillactivity: "the chat's grid", addmember: "the chat's grid", budget: "the chat's grid",
  filed: "the chat's grid", members: "the chat's grid", report: "the chat's grid",
  remind: "the chat's street, else the caller's own",
  notice: 'bureau only, district-wide', runjob: 'bureau only, district-wide', approve: 'bureau only, district-wide',
  excellent: 'bureau only, district-wide', standard: 'bureau only, district-wide', stars: 'bureau only, district-wide',
  export: 'bureau only, district-wide', holidays: 'bureau only, district-wide',
  import: "street or bureau admin: the sheet the caller sends, in the caller's own chat",
};

const routerSession = useRouterSession();
const refs: Record<string, string> = {};

/** A line as someone types it; for setting the scene. Returns the reply. */
async function say(who: Person, where: Place, line: string): Promise<string> {
  const [o] = await routerSession().run([{ label: 'scene', line, caller: callerOf(who, where) }]);
  return o!.replies.join('\n');
}

const ref = (text: string, pattern: RegExp) => {
  const m = pattern.exec(text);
  if (!m) throw new Error(`no reference in: ${text}`);
  return m[0];
};

beforeAll(async () => {
  await MemberModel.create({ ...PLAIN, unit: '-', memberships: [], identities: [identityKey('console', PLAIN.phone)] });
  // Another grid's (XQ-01) data, and a notice for its street only.
  refs.A = ref(await say('leaderXQ', 'XQ-01', '/活动 例会 明天 15:00 新桥会议室 新桥秘密例会'), /A-\d{4}/);
  expect(await say('memberXQ', 'XQ-01', `/请假 ${refs.A} 新桥请假理由`)).toContain('已请假');
  refs.Q = ref(await say('memberXQ', 'XQ-01', '/问题 新桥秘密问题'), /Q-\d{4}/);
  expect(await say('leaderXQ', 'XQ-01', '/月报 新桥秘密月报')).toContain('月度汇报');
  refs.N = ref(await say('bureau', 'OH', '/通知 街道=XQ 新桥专属通知'), /N-\d{4}/);
  refs.ALL = ref(await say('bureau', 'OH', '/通知 全区通知'), /N-\d{4}/);
  expect(await say('streetXQ', 'XQ', '/考核 试算')).not.toContain(MSG.internalError['zh-CN']);
  // A claim to a New Bridge newcomer, for its leader to decide; and the pending persona's own (JS-01).
  await MemberModel.create({ ...XQ_NEWCOMER, unit: '-', memberships: [{ grid: 'XQ-01', role: 'member' }], identities: [] });
  const [claim] = await routerSession().run([{ label: 'scene', line: `/登记 ${XQ_NEWCOMER.name} ${XQ_NEWCOMER.phone}`, caller: { senderId: 'claimant', chatId: 'p2p', chatType: 'p2p' } }]);
  refs.R = ref(claim!.replies.join('\n'), /R-\d{4}/);
  expect(await say('pending', 'p2p', `/登记 ${PEOPLE.unlinked.name} ${PEOPLE.unlinked.phone}`)).toContain('已提交登记申请');
}, 60_000);


const fill = (line: string) => line.replace(/\{(\w+)\}/g, (_, k: string) => refs[k]!);
const GRID_NAMES: Partial<Record<Place, string>> = {
  'JS-01': '景山工业网格1', 'XQ-01': '新桥工业网格1', JS: '景山街道统计网格', XQ: '新桥街道统计网格', OH: '瓯海区统计网格',
};
const refusalOf = (c: CommandSpec, role: Role, who: Person, where: Place) => {
  if (who === 'pending') return IDENTITY.stillPending['zh-CN'];
  if (role === 'anyone') return MSG.notRegistered['zh-CN'];
  // In a grid's group she is not in, someone who has the rank in her own grid is told whose group this is.
  const memberships: ReadonlyArray<{ grid: string; role: string }> = who === 'plain' ? [] : PEOPLE[who as Handle].memberships;
  const gridName = GRID_NAMES[where];
  if (gridName && memberships.some((m) => m.grid !== where && atLeast(m.role as Role, c.allow))) {
    return MSG.otherGridsGroup(gridName, c.zh[0]!, c.name)['zh-CN'];
  }
  const may = whoMay(c.allow);
  return MSG.refused(may['zh-CN'], may.en, c.zh[0]!, c.name)['zh-CN'];
};

describe('who may do what, where', () => {
  it('every command is classified: it names something of a grid (probed below) or only the chat\'s, the caller\'s or the district\'s', () => {
    const names = routerSession().router.commands.map((c) => c.name);
    expect(names.filter((n) => !(n in TARGETED) && !(n in SCOPED)), 'commands to add to TARGETED or SCOPED').toEqual([]);
    expect(Object.keys(TARGETED).filter((n) => n in SCOPED)).toEqual([]);
    expect([...Object.keys(TARGETED), ...Object.keys(SCOPED)].filter((n) => !names.includes(n)), 'classified commands that no longer exist').toEqual([]);
  });

  it('below a command\'s least role (or outside a bound group, where it needs one): refused, nothing written', async () => {
    const lines: Array<{ label: string; line: string; caller: Caller; expected: string }> = [];
    for (const c of routerSession().router.commands) {
      for (const who of PERSONAS) {
        for (const where of PLACES) {
          const role = intendedRole(who, where);
          const expected = c.needsGrid && UNBOUND.includes(where) ? MSG.groupNotBound['zh-CN'] : atLeast(role, c.allow) ? undefined : refusalOf(c, role, who, where);
          if (expected) lines.push({ label: `/${c.name} by ${who} (${role}) in ${where}`, line: `/${c.zh[0]}`, caller: callerOf(who, where), expected });
        }
      }
    }
    const before = await storeSnapshot();
    const outcomes = await routerSession().run(lines);
    const wrong = outcomes.flatMap((o, i) => {
      const { expected } = lines[i]!;
      if (o.crash) return [`${o.label}: threw ${o.crash}`];
      if (o.writes.length) return [`${o.label}: wrote ${o.writes.join(', ')}`];
      return o.replies.length === 1 && o.replies[0] === expected ? [] : [`${o.label}: ${o.replies.join(' | ')}`];
    });
    expect(wrong).toEqual([]);
    expect(changedCollections(before, await storeSnapshot())).toEqual([]);
    expect(lines.length).toBeGreaterThan(routerSession().router.commands.length * 10);
  });

  it('from another grid or street: refused, nothing written, nothing of that grid shown', async () => {
    const lines = Object.entries(TARGETED).flatMap(([name, probes]) =>
      probes.map((p) => ({ label: `/${name} by ${p.as} in ${p.in}: ${fill(p.line)}`, line: fill(p.line), caller: callerOf(p.as, p.in), secrets: p.secrets ?? [] })),
    );
    const before = await storeSnapshot();
    const outcomes: Outcome[] = await routerSession().run(lines);
    const accepted = new Set((await AuditLogModel.find({ eventKey: { $in: outcomes.map((o) => o.key) }, result: 'ok' }, { eventKey: 1 }).lean()).map((a) => a.eventKey));
    const wrong = outcomes.flatMap((o, i) => {
      const shown = o.replies.join(' | ');
      // What the caller typed may come back ("no 13900000032 here"); anything else of that grid may not.
      const leaked = [...SECRETS, ...lines[i]!.secrets].filter((s) => shown.includes(s) && !o.line.includes(s));
      if (o.crash) return [`${o.label}: threw ${o.crash}`];
      if (!o.replies.length || shown.includes(MSG.internalError['zh-CN'])) return [`${o.label}: ${shown || 'no reply'}`];
      if (o.writes.length || accepted.has(o.key)) return [`${o.label}: went through (${o.writes.join(', ')}): ${shown}`];
      return leaked.length ? [`${o.label}: shows ${leaked.join(', ')}: ${shown}`] : [];
    });
    expect(wrong).toEqual([]);
    expect(changedCollections(before, await storeSnapshot())).toEqual([]);
  });

  it('at or above a command\'s least role: let through (not refused for rank)', async () => {
    const lines: Array<{ label: string; line: string; caller: Caller }> = [];
    for (const c of routerSession().router.commands) {
      for (const who of PERSONAS) {
        for (const where of PLACES) {
          const role = intendedRole(who, where);
          if (atLeast(role, c.allow) && !(c.needsGrid && UNBOUND.includes(where))) lines.push({ label: `/${c.name} by ${who} (${role}) in ${where}`, line: `/${c.zh[0]}`, caller: callerOf(who, where) });
        }
      }
    }
    const outcomes = await routerSession().run(lines);
    const doors = [MSG.notRegistered['zh-CN'], IDENTITY.stillPending['zh-CN'], MSG.groupNotBound['zh-CN'], MSG.internalError['zh-CN']];
    const wrong = outcomes.filter((o) => o.crash || !o.replies.length || o.replies.some((r) => doors.includes(r) || /^只有.+可以使用 \//.test(r)));
    expect(wrong.map((o) => `${o.label}: ${o.crash ?? o.replies.join(' | ')}`)).toEqual([]);
  });
});
