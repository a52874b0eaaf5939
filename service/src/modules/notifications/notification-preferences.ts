/**
 * Which channels a notification goes out on, from the member's preferences. Decisions (README):
 * - The spec's categories (taskAssignments, taskDeadlines, opportunityUpdates, goalAlerts,
 *   systemAnnouncements) gate their kinds on every channel except the in-app inbox: a member who turns
 *   one off is no longer pushed, emailed or messaged about it, and still finds it in the inbox.
 * - `channels[kind][channel]` overrides a channel's default (in-app too); a category that is off wins
 *   over an override that is on.
 * - Security notifications (`system.security`) ignore preferences and quiet hours: they always go out.
 * - Email is on by default only for the kinds with an email of their own (assignments, deadlines, goals
 *   achieved, the weekly summary, announcements); the rest reach email through the digest.
 */
import type {
  NotificationChannel,
  NotificationKind,
  NotificationPreferencesRow,
} from './notifications.tables.js';

export type Category =
  'taskAssignments' | 'taskDeadlines' | 'opportunityUpdates' | 'goalAlerts' | 'systemAnnouncements';

/** The spec's category of each kind; null: not switchable (security). */
export const CATEGORY_OF: Readonly<Record<NotificationKind, Category | null>> = {
  'task.assigned': 'taskAssignments',
  'task.collaborative_update': 'taskAssignments',
  'task.mentioned': 'taskAssignments',
  'task.completed': 'taskAssignments',
  'task.deadline': 'taskDeadlines',
  'task.overdue': 'taskDeadlines',
  'opportunity.stage_changed': 'opportunityUpdates',
  'opportunity.high_value': 'opportunityUpdates',
  'opportunity.deadline_approaching': 'opportunityUpdates',
  'opportunity.probability_changed': 'opportunityUpdates',
  'customer.interaction_reminder': 'opportunityUpdates',
  'goal.achieved': 'goalAlerts',
  'goal.milestone': 'goalAlerts',
  'goal.ranking': 'goalAlerts',
  'performance.weekly_summary': 'goalAlerts',
  'system.maintenance': 'systemAnnouncements',
  'system.feature': 'systemAnnouncements',
  'import.completed': 'systemAnnouncements',
  'team.announcement': 'systemAnnouncements',
  'system.security': null,
};

const EMAIL_BY_DEFAULT = new Set<NotificationKind>([
  'task.assigned',
  'task.deadline',
  'task.overdue',
  'goal.achieved',
  'performance.weekly_summary',
  'system.maintenance',
  'system.feature',
  'system.security',
  'team.announcement',
]);

export type Preferences = Pick<
  NotificationPreferencesRow,
  | Category
  | 'channels'
  | 'emailDigest'
  | 'quietHoursEnabled'
  | 'quietHoursStart'
  | 'quietHoursEnd'
  | 'timezone'
>;

/** A member who never saved preferences has these (the table's defaults). */
export const DEFAULT_PREFERENCES: Preferences = {
  taskAssignments: true,
  taskDeadlines: true,
  opportunityUpdates: true,
  goalAlerts: true,
  systemAnnouncements: true,
  emailDigest: 'none',
  quietHoursEnabled: false,
  quietHoursStart: '22:00',
  quietHoursEnd: '07:00',
  timezone: 'UTC',
  channels: {},
};

export function channelDefault(kind: NotificationKind, channel: NotificationChannel): boolean {
  return channel === 'email' ? EMAIL_BY_DEFAULT.has(kind) : true;
}

/** Whether the member wants `kind` on `channel`; the reason when not. */
export function channelWanted(
  preferences: Preferences,
  kind: NotificationKind,
  channel: NotificationChannel,
): { wanted: true } | { wanted: false; reason: string } {
  const category = CATEGORY_OF[kind];
  if (category === null) return { wanted: true };
  if (channel !== 'in_app' && !preferences[category]) {
    return { wanted: false, reason: `preference off (${category})` };
  }
  const override = preferences.channels[kind]?.[channel];
  if (override ?? channelDefault(kind, channel)) return { wanted: true };
  return { wanted: false, reason: `preference off (${kind} by ${channel})` };
}

/** Whether quiet hours hold this kind (security notifications are never held). */
export function holdsForQuietHours(kind: NotificationKind): boolean {
  return CATEGORY_OF[kind] !== null;
}
