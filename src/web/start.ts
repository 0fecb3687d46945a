import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import { registerOps } from './pages/ops.js';
import type { ConsoleDeps, ConsoleServer } from './consoleServer.js';
import { buildConsoleServer } from './server.js';
import { ConsoleSignIn } from './signIn.js';

export interface RunningConsole {
  /** Where people open it (WEB_PUBLIC_URL, or the address it listens on). */
  url: string;
  close(): Promise<void>;
}

const splitHostPort = (listen: string) => {
  const at = listen.lastIndexOf(':');
  return { host: listen.slice(0, at), port: Number(listen.slice(at + 1)) };
};

/** What the console's pages use, for an app. */
export function consoleDeps(app: App, config: Config = app.services.config): ConsoleDeps {
  return {
    app,
    signIn: new ConsoleSignIn(app.services.redis, app.services.queuePrefix),
    secure: config.WEB_PUBLIC_URL?.startsWith('https://') ?? false,
  };
}

/**
 * Starts the web console on an app's store and queues (`npm start` in the bot's process, `npm run web`
 * on its own) and tells Redis its address, so `/后台` in any bot process can write the link.
 */
export async function startWebConsole(app: App, config: Config): Promise<RunningConsole> {
  const deps = consoleDeps(app, config);
  const { signIn } = deps;
  const servers: ConsoleServer[] = [await buildConsoleServer(deps)];
  const address = await servers[0]!.listen({ host: config.WEB_HOST, port: config.WEB_PORT });
  const url = config.WEB_PUBLIC_URL ?? address;
  await signIn.announceUrl(url);
  if (config.OPS_LISTEN) {
    // Operations endpoints without a session, on an address only monitoring reaches.
    const ops = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
    registerOps(ops, deps, 'public');
    await ops.listen(splitHostPort(config.OPS_LISTEN));
    servers.push(ops);
  }
  return { url, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}
