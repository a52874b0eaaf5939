import { formatUtc, oneLine, safeUrl, type EmailDefinition } from './email-definition.js';

export interface InvitationEmailData {
  organizationName: string;
  inviterName: string;
  roleName: string;
  acceptUrl: string;
  /** ISO timestamp. */
  expiresAt: string;
}

function fields(data: InvitationEmailData) {
  const organizationName = oneLine(data.organizationName);
  const inviterName = oneLine(data.inviterName);
  return {
    organizationName,
    inviterName,
    roleName: oneLine(data.roleName),
    acceptUrl: safeUrl(data.acceptUrl),
    expiresAt: formatUtc(data.expiresAt),
    footerReason:
      `You received this email because ${inviterName} invited you to ${organizationName} on Closer. ` +
      'If you were not expecting it, ignore it: no account is created until you accept.',
  };
}

export const invitationEmail: EmailDefinition<InvitationEmailData> = {
  mjmlFile: 'invitation.mjml',
  subject: (data) => `You're invited to join ${oneLine(data.organizationName)} on Closer`,
  fields,
  text(data) {
    const f = fields(data);
    return [
      `Join ${f.organizationName} on Closer`,
      '',
      `${f.inviterName} has invited you to join ${f.organizationName} as ${f.roleName}.`,
      '',
      'Accept the invitation:',
      f.acceptUrl,
      '',
      `This invitation expires on ${f.expiresAt}.`,
      '',
      '--',
      f.footerReason,
    ].join('\n');
  },
};
