import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { refreshCaches } from '../core/versionedCache.js';
import { sendPlain } from './layout.js';
import { registerAssessment } from './pages/assessment.js';
import { registerAudit } from './pages/audit.js';
import { registerCalendar } from './pages/calendar.js';
import { registerGrids } from './pages/grids.js';
import { registerImport } from './pages/import.js';
import { registerOps } from './pages/ops.js';
import { registerNotices } from './pages/notices.js';
import { registerOverview } from './pages/overview.js';
import { registerProblems } from './pages/problems.js';
import { registerQueues } from './pages/queues.js';
import { registerSignIn, SESSION_COOKIE } from './pages/signIn.js';
import type { Access, ConsoleDeps, ConsoleServer } from './consoleServer.js';
import { viewerOf } from './viewer.js';

const consoleRoutes = new WeakMap<object, string[]>();
/** Every route a console server serves, as "GET /grids/:code": what the authorization matrix must cover. */
export const routesOf = (server: ConsoleServer): readonly string[] => consoleRoutes.get(server) ?? [];

const here = dirname(fileURLToPath(import.meta.url));
const echartsDir = join(dirname(createRequire(import.meta.url).resolve('echarts/package.json')), 'dist');

/**
 * Every route's access is checked here and nowhere else: a route says who may open it (`viewer` by
 * default), the session cookie names the visitor, and the visitor's roles make the viewer.
 */
async function authorize(deps: ConsoleDeps, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const access: Access = req.routeOptions.config.access ?? (req.url.startsWith('/queues') ? 'bureau' : 'viewer');
  if (access === 'public') return undefined;
  // The directory's cached reads stand only while no process has changed it since.
  refreshCaches(deps.app.services);
  const cookie = req.cookies[SESSION_COOKIE];
  const unsigned = cookie ? req.unsignCookie(cookie) : undefined;
  const visitor = unsigned?.valid && unsigned.value ? await deps.signIn.visitorOf(unsigned.value) : undefined;
  const viewer = visitor && (await viewerOf(visitor));
  if (!viewer) return sendPlain(reply, 401, '请先登录', '请在聊天中向统计网格助手发送 /后台，用私信收到的链接登录。');
  if (access === 'bureau' && !viewer.district) return sendPlain(reply, 403, '无权访问', '此页面仅供区统计局管理员使用。');
  req.viewer = viewer;
  return undefined;
}

export async function buildConsoleServer(deps: ConsoleDeps): Promise<ConsoleServer> {
  const server = Fastify({ logger: false, trustProxy: false }).withTypeProvider<ZodTypeProvider>();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);

  await server.register(helmet, {
    hsts: deps.secure ? undefined : false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: deps.secure ? [] : null } },
  });
  await server.register(cookie, { secret: await deps.signIn.cookieSecret() });
  await server.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: deps.secure },
    getToken: (req) => (req.body as { _csrf?: string } | undefined)?._csrf ?? (req.query as { _csrf?: string })._csrf,
  });
  await server.register(rateLimit, { global: false });
  await server.register(formbody);
  await server.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  const routes: string[] = [];
  consoleRoutes.set(server, routes);
  server.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) route.config = { ...route.config, access: 'public' };
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });
  await server.register(fastifyStatic, { root: join(here, 'assets'), prefix: '/assets/' });
  await server.register(fastifyStatic, { root: echartsDir, prefix: '/assets/echarts/', decorateReply: false });

  server.addHook('preHandler', async (req, reply) => {
    if (await authorize(deps, req, reply)) return reply;
  });
  // POSTs carry the form's token (checked after the body is read); a refused one changes nothing.
  server.addHook('preHandler', (req, reply, done) => {
    if (req.method !== 'POST' || reply.sent) return done();
    server.csrfProtection(req, reply, done);
  });

  server.setErrorHandler((err: { statusCode?: number; validation?: unknown; message: string }, _req, reply) => {
    const status = err.validation ? 400 : (err.statusCode ?? 500);
    if (status === 403) return sendPlain(reply, 403, '请求无效', '页面已过期，请刷新后再试。');
    if (status === 429) return sendPlain(reply, 429, '请求过于频繁', '请稍后再试。');
    if (status < 500) return sendPlain(reply, status, '请求有误', '请检查输入后再试。');
    return sendPlain(reply, 500, '出错了', '处理请求时出错，请稍后再试。');
  });
  server.setNotFoundHandler((_req, reply) => sendPlain(reply, 404, '找不到页面', '链接有误，或内容已不存在。'));

  registerSignIn(server, deps);
  registerOverview(server, deps);
  registerGrids(server, deps);
  registerProblems(server, deps);
  registerNotices(server, deps);
  registerAssessment(server, deps);
  registerAudit(server, deps);
  registerImport(server, deps);
  registerCalendar(server, deps);
  registerOps(server, deps, 'bureau');
  await registerQueues(server, deps);
  return server;
}
