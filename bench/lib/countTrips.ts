/**
 * Preloaded into a bot to count what a command costs in round trips: Redis round trips (a command
 * sent alone, or a pipeline / MULTI sent as one write) by command name, and database operations
 * by collection and method (mongoose's debug hook sees each). Cumulative counts go to
 * /tmp/statgrid-trips-PID.json every second; divide by the commands sent.
 *
 *   BENCH_BOT_NODE_ARGS="--import tsx --import ./bench/lib/countTrips.ts" npx tsx bench/commands.ts
 */
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';

const redisTrips: Record<string, number> = {};
const dbOps: Record<string, number> = {};
const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

type Send = (command: { name: string }, stream?: { isPipeline?: boolean }) => unknown;
const proto = Redis.prototype as unknown as { sendCommand: Send };
const send = proto.sendCommand;
const pipelines = new WeakSet<object>();
proto.sendCommand = function (this: unknown, command, stream) {
  if (!stream?.isPipeline) bump(redisTrips, command.name);
  else if (!pipelines.has(stream)) pipelines.add(stream), bump(redisTrips, `pipeline(${command.name}…)`);
  return send.call(this, command, stream);
};

mongoose.set('debug', (collection: string, method: string) => bump(dbOps, `${collection}.${method}`));

const file = `/tmp/statgrid-trips-${process.pid}.json`;
setInterval(() => writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), redisTrips, dbOps })), 1000).unref();
