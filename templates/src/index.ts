export { renderEmail, type RenderedEmail } from './render-email.js';
export {
  emailTemplateNames,
  type EmailTemplateName,
  type EmailTemplates,
  type InvitationEmailData,
  type PasswordResetEmailData,
  type TeamAddedEmailData,
  type TaskAssignedEmailData,
  type TaskDeadlineEmailData,
  type GoalAchievedEmailData,
  type WeeklySummaryEmailData,
  type NotificationDigestEmailData,
  type AnnouncementEmailData,
  type NotificationEmailData,
  type TemplatedEmail,
} from './email-templates.js';
export { escapeHtml } from './escape-html.js';
