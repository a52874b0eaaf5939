/**
 * One more Closer instance for the reminder tests, as a process of its own on a PostgreSQL database:
 * it starts a job queue with the reminder worker, ticks the reminder schedule for a slot (as its
 * scheduler would), runs the claim directly for a later time, waits for the slot's job to be done by
 * whichever instance took it, and prints what it did as JSON.
 *
 *   node --import tsx task-reminders.instance.ts <ownerUrl> <slot ISO> <until ISO> <later ISO>
 *
 * (`slot` names the tick, `until` is the time its job sends reminders up to, `later` the direct run's.)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../core/config/config.js';
import { connectPostgres } from '../core/db/postgres.js';
import { QUEUES, startJobQueue } from '../core/jobs/job-queue.js';
import { enqueueScheduled } from '../core/jobs/schedules.js';
import { createLogger } from '../core/logger.js';
import { registerTaskRemindersWorker, sendDueReminders, taskRemindersSchedule } from './task-reminders.js';

const [ownerUrl, slot, until, later] = process.argv.slice(2);
if (!ownerUrl || !slot || !until || !later)
  throw new Error('usage: task-reminders.instance.ts <ownerUrl> <slot> <until> <later>');

const db = connectPostgres({ ownerUrl, poolMax: 4 });
const logger = createLogger({ level: 'silent' });
const config = loadConfig({
  CLOSER_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'closer-instance-')),
  PUBLIC_URL: 'http://closer.test',
});
const queue = await startJobQueue({ db, logger, runWorkers: true, pollingIntervalSeconds: 0.5 });
await registerTaskRemindersWorker({ db, queue, logger, config });
const schedule = { ...taskRemindersSchedule, data: { until } };
const [enqueued, run] = await Promise.all([
  enqueueScheduled(queue, schedule, new Date(slot)),
  sendDueReminders({ db, until: new Date(later), batch: 2 }),
]);
// The instance whose tick enqueued the slot's job waits for whichever instance runs it.
const deadline = Date.now() + 30_000;
let state: string | undefined;
while (enqueued && Date.now() < deadline) {
  state = (await queue.boss.getJobById(QUEUES.taskReminders, enqueued))?.state;
  if (state === 'completed' || state === 'failed') break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
process.stdout.write(`${JSON.stringify({ pid: process.pid, enqueued, state, claimed: run.claimed })}\n`);
await queue.stop(2_000);
await db.close();
