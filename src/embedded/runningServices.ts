import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { SERVICES_FILE } from './localServices.js';

async function reachable(url: string | undefined): Promise<string | undefined> {
  if (!url) return undefined;
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(url);
    });
    socket.once('error', () => resolve(undefined));
  });
}

/**
 * The database and Redis a running `npm start` published (and that answer now), so the admin tool
 * and `npm run web` beside it use the same ones.
 */
export async function runningServices(dataDir: string): Promise<{ mongoUri?: string; redisUrl?: string }> {
  let published: { mongoUri?: string; redisUrl?: string } = {};
  try {
    published = JSON.parse(readFileSync(join(dataDir, SERVICES_FILE), 'utf8'));
  } catch {
    // nothing running
  }
  const [mongoUri, redisUrl] = await Promise.all([reachable(published.mongoUri), reachable(published.redisUrl)]);
  return { mongoUri, redisUrl };
}
