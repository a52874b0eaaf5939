/**
 * Schedules: node-cron ticks on processes with the `scheduler` role, each of which only enqueues a job
 * (run by a worker). The job's id is derived from the schedule and its time slot, so however many
 * schedulers tick for the same slot, one job exists for it.
 */
import { createHash } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';
import type { JobQueue, QueueName } from './job-queue.js';

export interface Schedule {
  /** Unique among schedules; part of each slot's key. */
  name: string;
  /** Five fields (minute resolution: a slot is a minute), evaluated in UTC. */
  cron: string;
  queue: QueueName;
  data: object;
}

export interface RunningSchedules {
  /** Stops the ticks (a shutdown); jobs already enqueued stay for the workers. */
  stop(): Promise<void>;
}

/** The minute a tick belongs to, as an ISO string: the slot's key. */
export function slotOf(at: Date): string {
  const minute = new Date(at);
  minute.setUTCSeconds(0, 0);
  return minute.toISOString();
}

/** A UUID that is the same for the same schedule and slot (pg-boss ignores a second job with an id). */
function slotJobId(schedule: Schedule, slot: string): string {
  const hex = createHash('sha256').update(`${schedule.name}@${slot}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One tick: enqueues the schedule's job for the slot of `at`. Returns the job id, or null when the slot
 * already has its job (another scheduler ticked first).
 */
export async function enqueueScheduled(
  queue: JobQueue,
  schedule: Schedule,
  at: Date,
): Promise<string | null> {
  const slot = slotOf(at);
  return queue.boss.send(schedule.queue, schedule.data, {
    id: slotJobId(schedule, slot),
    singletonKey: `${schedule.name}@${slot}`,
  });
}

function checked(schedules: readonly Schedule[]): void {
  const names = new Set<string>();
  for (const schedule of schedules) {
    if (names.has(schedule.name)) throw new Error(`schedule ${schedule.name} is defined twice`);
    names.add(schedule.name);
    if (schedule.cron.trim().split(/\s+/).length !== 5 || !cron.validate(schedule.cron))
      throw new Error(`schedule ${schedule.name}: "${schedule.cron}" is not a five-field cron expression`);
  }
}

/** Starts ticking every schedule (call it on scheduler processes only). */
export function startSchedules(options: {
  schedules: readonly Schedule[];
  queue: JobQueue;
  logger: Logger;
}): RunningSchedules {
  const { queue, logger } = options;
  checked(options.schedules);
  const tasks: ScheduledTask[] = options.schedules.map((schedule) =>
    cron.schedule(
      schedule.cron,
      async ({ date }) => {
        try {
          const id = await enqueueScheduled(queue, schedule, date);
          logger.info(
            { schedule: schedule.name, slot: slotOf(date), enqueued: id !== null },
            'schedule ticked',
          );
        } catch (error) {
          logger.error({ err: error, schedule: schedule.name }, 'schedule tick failed');
        }
      },
      { name: schedule.name, timezone: 'UTC', noOverlap: true },
    ),
  );
  return {
    async stop() {
      for (const task of tasks) await task.destroy();
    },
  };
}
