import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../app.js';
import type { ConsoleSignIn } from './signIn.js';
import type { Viewer } from './viewer.js';

/**
 * What a page module needs to register its routes, apart from the server that builds them all
 * (`server.ts` imports every page; a page importing it back would make a cycle).
 */

/** Who may open a route: anyone (sign-in, assets), a signed-in viewer, or bureau admins only. */
export type Access = 'public' | 'viewer' | 'bureau';

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: Viewer;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export type ConsoleServer = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ConsoleDeps {
  app: App;
  signIn: ConsoleSignIn;
  /** Served over HTTPS (a public URL starting https://): cookies marked Secure, HSTS sent. */
  secure: boolean;
}
