import type { OutboundMessage } from '../../src/core/types.js';
import { planKind, REMINDER_QUEUE, type ReminderKind } from '../../src/reminders/occurrence.js';
import { untilIdle, type TestApp } from './testApp.js';

/** Plans a kind by the clock, runs its delayed jobs as if due (those not due by the clock wait again), returns what was sent. */
export async function tickReminders(t: TestApp, kind: ReminderKind<any>): Promise<OutboundMessage[]> {
  const before = t.sender.sent.length;
  await planKind(t.app.services, kind);
  const queue = t.app.queue(REMINDER_QUEUE);
  await Promise.all((await queue.getDelayed()).filter((j) => j.name === kind.job).map((j) => j.promote()));
  await untilIdle(queue);
  await untilIdle(t.app.queue('outbound'), { delayed: true });
  return t.sender.sent.slice(before);
}
