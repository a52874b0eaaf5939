import type { TemplatedEmail } from '@closer/templates';
import { QUEUES, type JobQueue } from '../jobs/job-queue.js';
import type { Mailer } from './email.mailer.js';
import { sendTemplatedEmail } from './email.service.js';

export type EmailJob = TemplatedEmail & { to: string };

/** Sends the emails use cases enqueue; pg-boss retries failures with backoff. */
export async function registerEmailWorker(queue: JobQueue, mailer: Mailer): Promise<void> {
  await queue.work<EmailJob>(QUEUES.email, async (job) => {
    await sendTemplatedEmail(mailer, job);
  });
}
