import { z } from 'zod';
import { SESSION_TTL_SECONDS } from '../signIn.js';
import { sendPlain } from '../layout.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';

export const SESSION_COOKIE = 'sg_session';

/** `/login/:token` spends a link from chat and starts a session; `/logout` ends it. */
export function registerSignIn(server: ConsoleServer, { signIn, secure }: ConsoleDeps): void {
  server.get('/login/:token', {
    config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { params: z.object({ token: z.string().max(100) }) },
  }, async (req, reply) => {
    const session = await signIn.redeem(req.params.token);
    if (!session) return sendPlain(reply, 410, '链接无效', '此登录链接已使用、已过期或无效。请在聊天中向统计网格助手重新发送 /后台。');
    reply.setCookie(SESSION_COOKIE, session, {
      signed: true, httpOnly: true, sameSite: 'lax', path: '/', maxAge: SESSION_TTL_SECONDS, secure,
    });
    return reply.redirect('/');
  });

  server.post('/logout', async (req, reply) => {
    const raw = req.cookies[SESSION_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    if (unsigned?.valid && unsigned.value) await signIn.end(unsigned.value);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return sendPlain(reply, 200, '已退出', '您已退出统计网格后台。需要时在聊天中发送 /后台 重新登录。');
  });
}
