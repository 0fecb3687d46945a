import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityKey, MemberModel } from '../../src/store/models/member.js';
import type { ConsoleServer } from '../../src/web/consoleServer.js';
import { buildConsoleServer, routesOf } from '../../src/web/server.js';
import type { ConsoleSignIn } from '../../src/web/signIn.js';
import { consoleDeps } from '../../src/web/start.js';
import { PEOPLE, phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/*
 * Every console route × the seven ranks of the chat matrix (tests/integration/authorization.test.ts),
 * against the intended rules: only bureau admins, street admins and grid leaders have a console; a
 * street admin or leader sees their own street or grid and gets 403 for another's; the queues and the
 * operations endpoints are the bureau's. A route added without a row here fails the test.
 */

type Persona = Handle | 'stranger' | 'plain';
const PERSONAS: Persona[] = ['stranger', 'plain', 'member1', 'deputy1', 'leader1', 'streetJS', 'bureau'];
const PLAIN = { name: '无网格', phone: '13900000088' };
const CONSOLE_HOLDERS: Persona[] = ['leader1', 'streetJS', 'bureau'];

/** How a route is guarded, and the URLs that probe it: `own` is in JS-01 (景山), `other` in XQ-01 (新桥). */
type Guard = { kind: 'public' | 'viewer' | 'bureau'; url: string } | { kind: 'scoped'; own: string; other: string };

const refs: Record<string, string> = {};
const QUEUE_PARAMS: Record<string, string> = { queueName: 'no-such-queue', jobId: '1', queueStatus: 'failed', schedulerId: 'none', '*': 'main.js' };

function guardOf(route: string): Guard | undefined {
  const [, path] = route.split(' ') as [string, string];
  if (path.startsWith('/queues')) return { kind: 'bureau', url: path.replace(/:(\w+)|\*/g, (m, name: string | undefined) => QUEUE_PARAMS[name ?? m]!) };
  const table: Record<string, Guard> = {
    'GET /assets/*': { kind: 'public', url: '/assets/console.css' },
    'GET /assets/echarts/*': { kind: 'public', url: '/assets/echarts/echarts.min.js' },
    'GET /login/:token': { kind: 'public', url: '/login/forged-token' },
    'POST /logout': { kind: 'viewer', url: '/logout' },
    'GET /': { kind: 'viewer', url: '/' },
    'GET /grids': { kind: 'viewer', url: '/grids?q=一组员' },
    'GET /grids/:code': { kind: 'scoped', own: '/grids/JS-01', other: '/grids/XQ-01' },
    'GET /problems': { kind: 'viewer', url: '/problems' },
    'GET /problems/:no': { kind: 'scoped', own: `/problems/${refs.own}`, other: `/problems/${refs.other}` },
    'POST /problems/:no/answer': { kind: 'scoped', own: `/problems/${refs.own}/answer`, other: `/problems/${refs.other}/answer` },
    'POST /problems/:no/handover': { kind: 'scoped', own: `/problems/${refs.own}/handover`, other: `/problems/${refs.other}/handover` },
    'GET /notices': { kind: 'viewer', url: '/notices' },
    'GET /notices/:code': { kind: 'viewer', url: '/notices/N-0001' },
    'GET /assessment': { kind: 'viewer', url: '/assessment' },
    'GET /audit': { kind: 'viewer', url: '/audit?grid=XQ-01' },
    'GET /import': { kind: 'bureau', url: '/import' },
    'POST /import': { kind: 'bureau', url: '/import' },
    'POST /import/:id/confirm': { kind: 'bureau', url: `/import/${'0'.repeat(32)}/confirm` },
    'GET /calendar': { kind: 'viewer', url: '/calendar?year=2026' },
    'POST /calendar': { kind: 'bureau', url: '/calendar' },
    'GET /healthz': { kind: 'bureau', url: '/healthz' },
    'GET /metrics': { kind: 'bureau', url: '/metrics' },
  };
  return table[route];
}

/** The intended answer: 'ok' (let through), 401 (no console) or 403 (not theirs). */
function intended(who: Persona, guard: Guard, which: 'own' | 'other'): 'ok' | 401 | 403 {
  if (guard.kind === 'public') return 'ok';
  if (!CONSOLE_HOLDERS.includes(who)) return 401;
  if (who === 'bureau') return 'ok';
  if (guard.kind === 'bureau') return 403;
  return guard.kind === 'scoped' && which === 'other' ? 403 : 'ok';
}

let t: TestApp;
let server: ConsoleServer;
let signIn: ConsoleSignIn;

/** A fresh session for someone, as if they had opened a link from chat: its cookies and a form token. */
async function sessionOf(who: Persona): Promise<{ cookie: string; csrf: string }> {
  if (who === 'stranger') return { cookie: '', csrf: '' };
  const phone = who === 'plain' ? PLAIN.phone : phoneOf(who);
  const session = await signIn.openSession({ platform: 'console', userId: phone });
  const cookie = `sg_session=${server.signCookie(session)}`;
  const page = await server.inject({ method: 'GET', url: '/', headers: { cookie } });
  const csrfCookie = [page.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('_csrf='))?.split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return { cookie: [cookie, csrfCookie].filter(Boolean).join('; '), csrf };
}

beforeAll(async () => {
  t = await startTestApp();
  await seedSmallDistrict();
  await MemberModel.create({ ...PLAIN, unit: '-', memberships: [], identities: [identityKey('console', PLAIN.phone)] });
  refs.own = /Q-\d{4}/.exec((await t.say('/问题 景山的问题', { as: phoneOf('member1'), chat: 'JS-01' })).join())![0];
  refs.other = /Q-\d{4}/.exec((await t.say('/问题 新桥的问题', { as: phoneOf('memberXQ'), chat: 'XQ-01' })).join())![0];
  await t.say('/通知 请核对名录', { as: phoneOf('bureau'), chat: 'OH' });
  const deps = consoleDeps(t.app);
  signIn = deps.signIn;
  server = await buildConsoleServer(deps);
  await server.ready();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('console routes × the seven ranks', () => {
  it('every route is guarded as intended', async () => {
    const routes = routesOf(server);
    expect(routes.filter((r) => !guardOf(r)), 'routes to add to the matrix').toEqual([]);
    const wrong: string[] = [];
    for (const who of PERSONAS) {
      for (const route of routes) {
        const guard = guardOf(route)!;
        const method = route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH';
        const probes = guard.kind === 'scoped' ? ([['own', guard.own], ['other', guard.other]] as const) : ([['own', guard.url]] as const);
        for (const [which, url] of probes) {
          // A fresh session each time: POST /logout ends the one it is sent with.
          const { cookie, csrf } = await sessionOf(who);
          const body = method === 'GET' ? undefined : { _csrf: csrf, text: '矩阵测试答复', who: PEOPLE.member1.name, year: '2026', days: '' };
          const res = await server.inject({ method, url, headers: { cookie }, ...(body && { payload: body }) });
          const expected = intended(who, guard, which);
          const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : res.statusCode >= 500 && res.statusCode !== 503 ? `error ${res.statusCode}` : 'ok';
          if (got !== expected) wrong.push(`${who} ${method} ${url}: ${res.statusCode}, expected ${expected}`);
          // A page let through is shown, not only "not refused".
          const page = method === 'GET' && guard.kind !== 'public' && !url.startsWith('/queues/');
          if (expected === 'ok' && page && res.statusCode !== 200) wrong.push(`${who} ${url}: ${res.statusCode}, expected 200`);
          if (expected === 403) expect(res.body, `${who} ${url}`).not.toMatch(/新桥的问题|新桥工业网格1/);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(routes.length).toBeGreaterThan(20);
  });

  it('a POST without the form\'s token is refused and changes nothing', async () => {
    const { cookie } = await sessionOf('bureau');
    const res = await server.inject({ method: 'POST', url: `/problems/${refs.own}/answer`, headers: { cookie }, payload: { text: '没有令牌' } });
    expect(res.statusCode).toBe(403);
    const page = await server.inject({ method: 'GET', url: `/problems/${refs.own}`, headers: { cookie } });
    expect(page.body).not.toContain('没有令牌');
  });
});
