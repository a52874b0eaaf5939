import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/database.js';
import { buildCustomRoleMember, signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';
import type { AssistantReply } from './assistant.commands.js';

// The domain commands check the role's permissions themselves, so chat cannot do what the HTTP API refuses
// (a role with only the personal dashboard once logged an email with a new contact by chat).
describe('the assistant keeps to the role of who writes', () => {
  const suite = useOrganizationApp({ organizationName: 'Narrow Roles Ltd' });
  const count = async (table: 'interactions' | 'contacts' | 'tasks') =>
    (
      await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
        queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`),
      )
    )[0]!.n;

  it('writes no interaction, contact or task for a role that may only view its dashboard', async () => {
    const viewer = await signIn(
      suite.app.url,
      await buildCustomRoleMember(suite.app.database.db, suite.org, ['dashboard.view_personal']),
    );
    const before = { interactions: await count('interactions'), contacts: await count('contacts') };
    const said = async (text: string) =>
      json<AssistantReply>(await viewer.post('/api/v1/assistant/messages', { text, conversation: 'c' }));

    const logged = await said('emailed Zed Quinn about the pricing');
    expect(logged.lines.some((line) => line.kind === 'changed')).toBe(false);
    expect(logged.lines.map((line) => line.text).join(' ')).toMatch(/permission/i);
    expect(await count('interactions')).toBe(before.interactions);
    expect(await count('contacts')).toBe(before.contacts);

    const tasksBefore = await count('tasks');
    const reminded = await said('remind me tomorrow at 10 to call Zed');
    expect(reminded.lines.some((line) => line.kind === 'changed')).toBe(false);
    expect(await count('tasks')).toBe(tasksBefore);

    // The API says the same.
    expect((await viewer.post('/api/v1/tasks', { title: 'call Zed' })).status).toBe(403);
  });
});
