export { renderEmail, type RenderedEmail } from './render-email.js';
export {
  emailTemplateNames,
  type EmailTemplateName,
  type EmailTemplates,
  type InvitationEmailData,
  type PasswordResetEmailData,
  type TeamAddedEmailData,
  type TemplatedEmail,
} from './email-templates.js';
export { escapeHtml } from './escape-html.js';
