import type { Job } from 'bullmq';
import type { JobRuntime } from '../core/runtime.js';

/** A BullMQ job kind: which queue it lives on, and how it is processed. One file per job in `jobs/`. */
export interface JobSpec<D = any> {
  queue: string;
  name: string;
  /** Worker concurrency for the queue (the largest declared on a queue wins). */
  concurrency?: number;
  process(job: Job<D>, runtime: JobRuntime): Promise<unknown>;
}

export function defineJob<D>(spec: JobSpec<D>): JobSpec<D> {
  return spec;
}
