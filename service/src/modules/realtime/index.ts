import type { CloserModule } from '../../core/module/module.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { Schedule } from '../../core/jobs/schedules.js';
import { cleanupRealtime } from './realtime.commands.js';
import { realtimeEventHandlers } from './realtime.publish.js';
import { realtimeRoutes } from './realtime.routes.js';

/** Every minute: events older than an hour go, and members whose process stopped beating go offline. */
export const realtimeCleanupSchedule: Schedule = {
  name: 'realtime-cleanup',
  cron: '* * * * *',
  queue: QUEUES.realtimeCleanup,
  data: {},
};

/**
 * Real time: domain events become `realtime_events` rows with their audience (worker), which every API
 * process fans out to its WebSockets at `/ws` (realtime.gateway.ts, attached by the HTTP server), and
 * presence.
 */
export const realtimeModule: CloserModule = {
  name: 'realtime',
  routes: realtimeRoutes,
  eventHandlers: () => realtimeEventHandlers(),
  schedules: [realtimeCleanupSchedule],
  async workers(deps) {
    await deps.queue.work(QUEUES.realtimeCleanup, async () => {
      const result = await cleanupRealtime({ db: deps.db, logger: deps.logger });
      if (result.eventsDeleted || result.wentOffline) deps.logger.info(result, 'realtime cleaned up');
    });
  },
  matrix: async () => (await import('./realtime.matrix.js')).matrix,
};
