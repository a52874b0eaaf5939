import type { PreferencesView } from './notifications.commands.js';
import type {
  Notification,
  NotificationDelivery,
  PushSubscription,
  SystemAnnouncement,
} from './notifications.tables.js';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function presentNotification(notification: Notification) {
  return {
    id: notification.id,
    kind: notification.kind,
    title: notification.title,
    body: notification.body,
    link: notification.link,
    record:
      notification.recordType && notification.recordId
        ? { type: notification.recordType, id: notification.recordId }
        : null,
    data: notification.data,
    readAt: iso(notification.readAt),
    createdAt: notification.createdAt.toISOString(),
  };
}

export function presentDelivery(delivery: NotificationDelivery) {
  return {
    id: delivery.id,
    notificationId: delivery.notificationId,
    userId: delivery.userId,
    channel: delivery.channel,
    status: delivery.status,
    detail: delivery.detail,
    attempts: delivery.attempts,
    notBefore: iso(delivery.notBefore),
    deliveredAt: iso(delivery.deliveredAt),
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}

/** The spec's `NotificationPreferences` (quietHours nested), plus timezone, channels and version. */
export function presentPreferences(preferences: PreferencesView) {
  return {
    taskAssignments: preferences.taskAssignments,
    taskDeadlines: preferences.taskDeadlines,
    opportunityUpdates: preferences.opportunityUpdates,
    goalAlerts: preferences.goalAlerts,
    systemAnnouncements: preferences.systemAnnouncements,
    emailDigest: preferences.emailDigest,
    quietHours: {
      enabled: preferences.quietHoursEnabled,
      start: preferences.quietHoursStart,
      end: preferences.quietHoursEnd,
    },
    timezone: preferences.timezone,
    channels: preferences.channels,
    version: preferences.version,
    updatedAt: iso(preferences.updatedAt),
  };
}

export function presentPushSubscription(subscription: PushSubscription) {
  return {
    id: subscription.id,
    endpoint: subscription.endpoint,
    userAgent: subscription.userAgent,
    createdAt: subscription.createdAt.toISOString(),
    lastUsedAt: iso(subscription.lastUsedAt),
  };
}

export function presentSystemAnnouncement(announcement: SystemAnnouncement) {
  return {
    id: announcement.id,
    kind: announcement.kind,
    title: announcement.title,
    body: announcement.body,
    startsAt: iso(announcement.startsAt),
    endsAt: iso(announcement.endsAt),
    createdAt: announcement.createdAt.toISOString(),
  };
}
