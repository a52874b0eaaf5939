import type { EmailDefinition } from './emails/email-definition.js';
import { invitationEmail, type InvitationEmailData } from './emails/invitation.email.js';
import { passwordResetEmail, type PasswordResetEmailData } from './emails/password-reset.email.js';
import { teamAddedEmail, type TeamAddedEmailData } from './emails/team-added.email.js';

export type { InvitationEmailData, PasswordResetEmailData, TeamAddedEmailData };

/** Every email Closer sends, by template name, with the data each one needs. */
export interface EmailTemplates {
  invitation: InvitationEmailData;
  password_reset: PasswordResetEmailData;
  team_added: TeamAddedEmailData;
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
};

export const emailTemplateNames = Object.keys(emailDefinitions) as EmailTemplateName[];
