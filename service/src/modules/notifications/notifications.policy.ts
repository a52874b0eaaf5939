import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import { taskIsVisible } from '../tasks/tasks.policy.js';
import { notifications } from './notifications.tables.js';

export type NotificationAction =
  'inbox' | 'preferences' | 'subscribePush' | 'deadLetters' | 'announceToTeams' | 'announceToPlatform';

/**
 * Every member has an inbox, preferences and push subscriptions of their own (no permission: each sees
 * only theirs). Org Admins read the organization's delivery log (the dead-letter list). Managers
 * announce to the teams they manage, Org Admins to the whole organization; platform staff who configure
 * global settings announce to every organization.
 */
export const NOTIFICATION_PERMISSIONS: ActionPermissions<NotificationAction> = {
  inbox: [],
  preferences: [],
  subscribePush: [],
  deadLetters: ['org.configure_settings'],
  announceToTeams: ['notifications.send_team_alerts', 'org.manage_users'],
  announceToPlatform: ['platform.configure_global_settings'],
};

/** Org Admins announce to the whole organization and to any team. */
export const ANNOUNCE_TO_ORGANIZATION = ['org.manage_users'] as const;

/**
 * The notifications an actor sees: their own, minus those about a task they may no longer see (taken
 * off it, or it turned private): what a notification says about a task stays with the task's audience.
 */
export function visibleWhere(actor: Actor): SQL {
  return and(
    eq(notifications.userId, actor.userId),
    sql`(${notifications.recordType} is distinct from 'task' or ${taskIsVisible(actor, notifications.recordId)})`,
  )!;
}
