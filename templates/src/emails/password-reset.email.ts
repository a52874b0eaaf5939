import { formatMinutes, oneLine, safeUrl, type EmailDefinition } from './email-definition.js';

export interface PasswordResetEmailData {
  name: string;
  resetUrl: string;
  expiresInMinutes: number;
}

function fields(data: PasswordResetEmailData) {
  return {
    name: oneLine(data.name),
    resetUrl: safeUrl(data.resetUrl),
    expiresIn: formatMinutes(data.expiresInMinutes),
    footerReason:
      'You received this email because someone asked to reset the password of your Closer account.',
  };
}

export const passwordResetEmail: EmailDefinition<PasswordResetEmailData> = {
  mjmlFile: 'password-reset.mjml',
  subject: () => 'Reset your Closer password',
  fields,
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      'We received a request to reset the password of your Closer account. Choose a new password here',
      `(the link works once and expires in ${f.expiresIn}):`,
      '',
      f.resetUrl,
      '',
      'If you did not ask for this, you can ignore this email: your password stays the same.',
      '',
      '--',
      f.footerReason,
    ].join('\n');
  },
};
