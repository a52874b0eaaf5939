import { describe, expect, it } from '@jest/globals';
import type { EmailMessage, Mailer } from './email.mailer.js';
import { sendTemplatedEmail } from './email.service.js';

function fakeMailer(): Mailer & { sent: EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return {
    sent,
    send(message) {
      sent.push(message);
      return Promise.resolve({ messageId: `<${sent.length}@test>` });
    },
    close: () => Promise.resolve(),
  };
}

describe('sendTemplatedEmail', () => {
  it('renders the template and sends subject, HTML and text to the recipient', async () => {
    const mailer = fakeMailer();
    const resetUrl = 'https://closer.example.com/reset-password?token=t0k3n';

    const result = await sendTemplatedEmail(mailer, {
      to: 'sam@example.com',
      template: 'password_reset',
      data: { name: 'Sam', resetUrl, expiresInMinutes: 30 },
    });

    expect(result).toEqual({ messageId: '<1@test>' });
    expect(mailer.sent).toHaveLength(1);
    const [message] = mailer.sent;
    expect(message?.to).toBe('sam@example.com');
    expect(message?.subject).toBe('Reset your Closer password');
    expect(message?.text).toContain(resetUrl);
    expect(message?.html).toContain(`href="${resetUrl}"`);
  });

  it('sends nothing when the template cannot be rendered', async () => {
    const mailer = fakeMailer();
    const sending = sendTemplatedEmail(mailer, {
      to: 'sam@example.com',
      template: 'team_added',
      data: {
        name: 'Sam',
        teamName: 'West',
        organizationName: 'Acme',
        addedByName: 'Dana',
        dashboardUrl: 'javascript:alert(1)',
      },
    });
    await expect(sending).rejects.toThrow('must be http(s)');
    expect(mailer.sent).toEqual([]);
  });
});
