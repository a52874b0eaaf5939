import { describe, expect, it } from '@jest/globals';
import { emailTemplateNames, renderEmail, type TemplatedEmail } from './index.js';
import { emailDefinitions } from './email-templates.js';
import { compileMjml } from './render-email.js';

const invitation = {
  organizationName: 'Acme Corp',
  inviterName: 'Dana Lee',
  roleName: 'Sales Rep',
  acceptUrl: 'https://closer.example.com/invite?token=abc.def-123&x=1',
  expiresAt: '2026-03-05T14:00:00.000Z',
};
const passwordReset = {
  name: 'Sam Rivera',
  resetUrl: 'https://closer.example.com/reset-password?token=r3set',
  expiresInMinutes: 30,
};
const teamAdded = {
  name: 'Sam Rivera',
  teamName: 'West Coast',
  organizationName: 'Acme Corp',
  addedByName: 'Dana Lee',
  dashboardUrl: 'https://closer.example.com/',
};

const notificationBase = {
  name: 'Sam Rivera',
  organizationName: 'Acme Corp',
  link: 'https://closer.example.com/tasks/1',
  unsubscribeUrl: 'https://closer.example.com/api/v1/notifications/unsubscribe?token=abc.def',
  unsubscribeWhat: 'task assignment emails',
};
const taskAssigned = {
  ...notificationBase,
  taskTitle: 'Send the proposal to Globex',
  dueAt: '2026-03-05T14:00:00.000Z',
  assignedByName: 'Dana Lee',
  priority: 'high',
};
const goalAchieved = {
  ...notificationBase,
  goalName: 'Q1 revenue',
  achievedAt: '2026-03-05T14:00:00.000Z',
  performance: [
    { label: 'Revenue won', value: 'USD 52,000.00' },
    { label: 'Target', value: 'USD 50,000.00' },
  ],
};

const samples: TemplatedEmail[] = [
  { template: 'invitation', data: invitation },
  { template: 'password_reset', data: passwordReset },
  { template: 'team_added', data: teamAdded },
  { template: 'task_assigned', data: taskAssigned },
  {
    template: 'task_deadline',
    data: {
      ...notificationBase,
      taskTitle: 'Call Globex',
      dueAt: '2026-03-05T14:00:00.000Z',
      priority: 'medium',
      overdue: false,
    },
  },
  { template: 'goal_achieved', data: goalAchieved },
  {
    template: 'weekly_summary',
    data: {
      ...notificationBase,
      weekStart: '2026-03-02T00:00:00.000Z',
      weekEnd: '2026-03-08T00:00:00.000Z',
      dealsWon: 3,
      revenue: 'USD 75,000.00',
      interactions: 42,
      tasksCompleted: 17,
    },
  },
  {
    template: 'notification_digest',
    data: {
      ...notificationBase,
      period: 'daily',
      items: [
        {
          title: 'Deal moved',
          body: 'Globex moved to Proposal',
          link: 'https://closer.example.com/x',
          at: '2026-03-05T14:00:00.000Z',
        },
      ],
    },
  },
  {
    template: 'announcement',
    data: {
      ...notificationBase,
      title: 'Maintenance on Sunday',
      body: 'Closer is down 2-3 UTC.',
      fromName: 'Closer',
    },
  },
  {
    template: 'notification',
    data: { ...notificationBase, title: 'Deal moved', body: 'Globex moved to Proposal' },
  },
];

function render(sample: TemplatedEmail) {
  // Each branch narrows the data to its template's type.
  switch (sample.template) {
    case 'invitation':
      return renderEmail('invitation', sample.data);
    case 'password_reset':
      return renderEmail('password_reset', sample.data);
    case 'team_added':
      return renderEmail('team_added', sample.data);
    case 'task_assigned':
      return renderEmail('task_assigned', sample.data);
    case 'task_deadline':
      return renderEmail('task_deadline', sample.data);
    case 'goal_achieved':
      return renderEmail('goal_achieved', sample.data);
    case 'weekly_summary':
      return renderEmail('weekly_summary', sample.data);
    case 'notification_digest':
      return renderEmail('notification_digest', sample.data);
    case 'announcement':
      return renderEmail('announcement', sample.data);
    case 'notification':
      return renderEmail('notification', sample.data);
  }
}

/** Text of the HTML without tags, entities decoded: what a reader of the email sees. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,])/g, '$1');
}

describe('email templates', () => {
  it('covers every template with a sample', () => {
    expect(samples.map((sample) => sample.template).sort()).toEqual([...emailTemplateNames].sort());
  });

  it.each(emailTemplateNames)('%s: the MJML compiles without validation errors', async (name) => {
    const result = await compileMjml(emailDefinitions[name].mjmlFile, 'soft');
    expect(result.errors).toEqual([]);
    expect(result.html).toContain('<!doctype html>');
    expect(result.html).not.toContain('mj-include');
  });

  it('invitation: subject, link, role and expiry in both parts', async () => {
    const email = await renderEmail('invitation', invitation);
    expect(email.subject).toBe("You're invited to join Acme Corp on Closer");
    expect(email.text).toContain(invitation.acceptUrl);
    expect(email.text).toContain('Dana Lee has invited you to join Acme Corp as Sales Rep.');
    expect(email.text).toContain('March 5, 2026 at 2:00 PM UTC');
    expect(email.html).toContain('href="https://closer.example.com/invite?token=abc.def-123&amp;x=1"');
    expect(visibleText(email.html)).toContain('Accept invitation');
    expect(visibleText(email.html)).toContain('March 5, 2026 at 2:00 PM UTC');
    expect(email.html).toContain(`<title>You&#39;re invited to join Acme Corp on Closer</title>`);
  });

  it('password_reset: subject, link and lifetime in both parts', async () => {
    const email = await renderEmail('password_reset', passwordReset);
    expect(email.subject).toBe('Reset your Closer password');
    expect(email.text).toContain(passwordReset.resetUrl);
    expect(email.text).toContain('expires in 30 minutes');
    expect(email.text.startsWith('Hi Sam Rivera,')).toBe(true);
    expect(email.html).toContain(`href="${passwordReset.resetUrl}"`);
    expect(visibleText(email.html)).toContain('expires in 30 minutes');
    expect((await renderEmail('password_reset', { ...passwordReset, expiresInMinutes: 60 })).text).toContain(
      'expires in 1 hour',
    );
  });

  it('team_added: subject, link and who added them in both parts', async () => {
    const email = await renderEmail('team_added', teamAdded);
    expect(email.subject).toBe('You were added to West Coast');
    expect(email.text).toContain(teamAdded.dashboardUrl);
    expect(email.text).toContain('Dana Lee added you to the team West Coast in Acme Corp.');
    expect(email.html).toContain(`href="${teamAdded.dashboardUrl}"`);
    expect(visibleText(email.html)).toContain('Dana Lee added you to the team West Coast in Acme Corp.');
  });

  it.each(samples)(
    '$template: a footer says why the email was sent, and the button is there',
    async (sample) => {
      const email = await render(sample);
      expect(visibleText(email.html)).toContain('You received this email because');
      expect(email.text).toContain('You received this email because');
      expect(email.html).toContain('background:#4f46e5');
      expect(email.html).not.toMatch(/\{\{|\}\}/);
    },
  );

  it("task_assigned: the spec's subject, due date, assigned by and priority in both parts", async () => {
    const email = await renderEmail('task_assigned', taskAssigned);
    expect(email.subject).toBe('New Task Assigned: Send the proposal to Globex');
    for (const part of [email.text, visibleText(email.html)]) {
      expect(part).toContain('March 5, 2026 at 2:00 PM UTC');
      expect(part).toContain('Dana Lee');
      expect(part).toContain('high');
      expect(part).toContain('Unsubscribe from task assignment emails');
    }
    expect(email.text).toContain(taskAssigned.unsubscribeUrl);
    expect(email.html).toContain(
      'href="https://closer.example.com/api/v1/notifications/unsubscribe?token=abc.def"',
    );
  });

  it("goal_achieved: the spec's subject, the date and the performance rows, escaped", async () => {
    const email = await renderEmail('goal_achieved', {
      ...goalAchieved,
      performance: [...goalAchieved.performance, { label: '<b>x</b>', value: '1' }],
    });
    expect(email.subject).toBe('Congratulations! Goal Achieved: Q1 revenue');
    expect(email.text).toContain('Revenue won: USD 52,000.00');
    expect(visibleText(email.html)).toContain('Revenue won USD 52,000.00');
    expect(visibleText(email.html)).toContain('March 5, 2026');
    expect(email.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(email.html).not.toContain('<b>x</b>');
  });

  it('escapes hostile names everywhere in the HTML and keeps them readable', async () => {
    const hostile = '<script>alert("x")</script>';
    const email = await renderEmail('invitation', {
      ...invitation,
      organizationName: "O'Brien & Sons",
      inviterName: hostile,
      roleName: '<img src=x onerror=alert(1)>',
    });
    expect(email.html).not.toContain('<script>alert');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.html).toContain('O&#39;Brien &amp; Sons');
    expect(visibleText(email.html)).toContain(`${hostile} has invited you to join O'Brien & Sons`);
    expect(email.subject).toBe("You're invited to join O'Brien & Sons on Closer");
    expect(email.text).toContain(`${hostile} has invited you`);
  });

  it('escapes hostile values in the other templates too', async () => {
    const hostile = '"><svg onload=alert(1)>';
    const team = await renderEmail('team_added', { ...teamAdded, teamName: hostile, name: hostile });
    const reset = await renderEmail('password_reset', { ...passwordReset, name: hostile });
    for (const email of [team, reset]) {
      expect(email.html).not.toContain('<svg');
      expect(email.html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    }
  });

  it('does not let a name add lines to the subject or text part', async () => {
    const email = await renderEmail('team_added', {
      ...teamAdded,
      teamName: 'West\r\nBcc: victim@example.com',
    });
    expect(email.subject).toBe('You were added to West Bcc: victim@example.com');
    expect(email.text).not.toMatch(/^Bcc:/m);
  });

  it('refuses links that are not http(s)', async () => {
    await expect(
      renderEmail('invitation', { ...invitation, acceptUrl: 'javascript:alert(1)' }),
    ).rejects.toThrow('must be http(s)');
    await expect(renderEmail('team_added', { ...teamAdded, dashboardUrl: 'not a url' })).rejects.toThrow();
  });

  it('refuses an expiry that is not a timestamp', async () => {
    await expect(renderEmail('invitation', { ...invitation, expiresAt: 'tomorrow' })).rejects.toThrow(
      'Not an ISO timestamp',
    );
  });

  it('renders again from the cached compilation with different data', async () => {
    const first = await renderEmail('team_added', teamAdded);
    const second = await renderEmail('team_added', { ...teamAdded, teamName: 'East Coast' });
    expect(first.html).toContain('West Coast');
    expect(second.html).toContain('East Coast');
    expect(second.html).not.toContain('West Coast');
  });
});
