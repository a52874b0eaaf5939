import type { CloserModule } from '../../core/module/module.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import { deliverNotification } from './delivery-worker.js';
import { fanoutHandler } from './notification-fanout.js';
import { notificationSecrets } from './notification-secrets.js';
import { NOTIFICATION_SCHEDULES, registerNotificationJobs } from './notification-schedules.js';
import type { DeliveryJob } from './notify.js';
import { notificationRoutes } from './notifications.routes.js';

export { registerChatChannel, type ChatChannel, type ChatMessage } from './chat-channel.js';

/**
 * Notifications: domain events -> recipients -> preferences -> deliveries (in-app, web push, email,
 * Slack, Teams) with retries and a dead-letter list; the inbox, preferences, unsubscribe links, push
 * subscriptions, announcements, digests and the weekly summary.
 */
export const notificationsModule: CloserModule = {
  name: 'notifications',
  routes: notificationRoutes,
  eventHandlers: (deps) => [fanoutHandler(deps)],
  schedules: NOTIFICATION_SCHEDULES,
  async workers(deps) {
    // Generated on first start (and kept in the data directory) rather than on the first push.
    await notificationSecrets(deps.config);
    await deps.queue.work<DeliveryJob>(QUEUES.deliverNotification, (job) => deliverNotification(deps, job));
    await registerNotificationJobs(deps);
  },
  matrix: async () => (await import('./notifications.matrix.js')).matrix,
};
