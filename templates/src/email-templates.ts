import type { EmailDefinition } from './emails/email-definition.js';
import { invitationEmail, type InvitationEmailData } from './emails/invitation.email.js';
import { passwordResetEmail, type PasswordResetEmailData } from './emails/password-reset.email.js';
import { teamAddedEmail, type TeamAddedEmailData } from './emails/team-added.email.js';
import { taskAssignedEmail, type TaskAssignedEmailData } from './emails/task-assigned.email.js';
import { taskDeadlineEmail, type TaskDeadlineEmailData } from './emails/task-deadline.email.js';
import { goalAchievedEmail, type GoalAchievedEmailData } from './emails/goal-achieved.email.js';
import { weeklySummaryEmail, type WeeklySummaryEmailData } from './emails/weekly-summary.email.js';
import {
  notificationDigestEmail,
  type NotificationDigestEmailData,
} from './emails/notification-digest.email.js';
import { announcementEmail, type AnnouncementEmailData } from './emails/announcement.email.js';
import { notificationEmail, type NotificationEmailData } from './emails/notification.email.js';

export type {
  InvitationEmailData,
  PasswordResetEmailData,
  TeamAddedEmailData,
  TaskAssignedEmailData,
  TaskDeadlineEmailData,
  GoalAchievedEmailData,
  WeeklySummaryEmailData,
  NotificationDigestEmailData,
  AnnouncementEmailData,
  NotificationEmailData,
};

/** Every email Closer sends, by template name, with the data each one needs. */
export interface EmailTemplates {
  invitation: InvitationEmailData;
  password_reset: PasswordResetEmailData;
  team_added: TeamAddedEmailData;
  task_assigned: TaskAssignedEmailData;
  task_deadline: TaskDeadlineEmailData;
  goal_achieved: GoalAchievedEmailData;
  weekly_summary: WeeklySummaryEmailData;
  notification_digest: NotificationDigestEmailData;
  announcement: AnnouncementEmailData;
  notification: NotificationEmailData;
}

export type EmailTemplateName = keyof EmailTemplates;

/** A template name with its data, discriminated on `template`. */
export type TemplatedEmail = {
  [Name in EmailTemplateName]: { template: Name; data: EmailTemplates[Name] };
}[EmailTemplateName];

export const emailDefinitions: { [Name in EmailTemplateName]: EmailDefinition<EmailTemplates[Name]> } = {
  invitation: invitationEmail,
  password_reset: passwordResetEmail,
  team_added: teamAddedEmail,
  task_assigned: taskAssignedEmail,
  task_deadline: taskDeadlineEmail,
  goal_achieved: goalAchievedEmail,
  weekly_summary: weeklySummaryEmail,
  notification_digest: notificationDigestEmail,
  announcement: announcementEmail,
  notification: notificationEmail,
};

export const emailTemplateNames = Object.keys(emailDefinitions) as EmailTemplateName[];
