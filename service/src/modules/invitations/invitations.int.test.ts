import { describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { invitations } from '../../core/db/schema.js';
import { buildOrganization, TEST_PASSWORD } from '../../test/factories.js';
import { json, TestClient } from '../../test/http-client.js';
import { tokenFrom, waitForEmail } from '../../test/outbox.js';
import { useOrganizationApp } from '../../test/suite.js';

describe('invitations', () => {
  const suite = useOrganizationApp({ organizationName: 'Initech' });

  const accept = (token: string, password = TEST_PASSWORD, name = 'Nina New') =>
    new TestClient(suite.app.url).post('/api/v1/invitations/accept', { token, name, password });

  it('emails a signed single-use link that creates the user, joins the team and signs in', async () => {
    const created = await suite.admin.post('/api/v1/invitations', {
      email: 'Nina@Example.test',
      roleId: suite.org.roles.sales_rep.id,
      teamId: suite.org.teamId,
    });
    expect(created.status).toBe(201);
    const invitation = await json(created);
    expect(invitation).toMatchObject({
      email: 'nina@example.test',
      status: 'pending',
      roleName: 'Sales Rep',
      teamId: suite.org.teamId,
    });
    const mail = await waitForEmail(suite.app, 'nina@example.test', /invited to join Initech/);
    expect(mail.text).toContain('Sales Rep');
    expect(mail.html).toContain('/invite?token=');

    const joined = await accept(tokenFrom(mail));
    expect(joined.status).toBe(200);
    expect(joined.headers.get('set-cookie')).toMatch(/closer_session=/);
    expect(await json(joined)).toMatchObject({
      user: { email: 'nina@example.test', name: 'Nina New' },
      tenant: { id: suite.org.tenantId },
    });

    const member = await json(await suite.admin.get(`/api/v1/users?q=nina`));
    expect(member.items).toEqual([
      expect.objectContaining({
        email: 'nina@example.test',
        roleName: 'Sales Rep',
        teams: [expect.objectContaining({ id: suite.org.teamId })],
      }),
    ]);
    const reused = await accept(tokenFrom(mail));
    expect(reused.status).toBe(400);
    expect((await json(reused)).detail).toMatch(/already used/);
  });

  it('refuses a tampered, a revoked and an expired link, each with its reason', async () => {
    const invite = async (email: string) => {
      await suite.admin.post('/api/v1/invitations', { email, roleId: suite.org.roles.sales_rep.id });
      return tokenFrom(await waitForEmail(suite.app, email, /invited/));
    };
    const tampered = await invite('tamper@example.test');
    const forged = `${tampered.slice(0, -2)}${tampered.endsWith('A') ? 'B' : 'A'}x`;
    expect((await json(await accept(forged))).detail).toBe('This invitation link is not valid');
    expect((await accept('not-even-a-token-at-all')).status).toBe(400);

    const revokedToken = await invite('revoked@example.test');
    const [revokedRow] = await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      tx.select().from(invitations).where(eq(invitations.email, 'revoked@example.test')),
    );
    expect((await suite.admin.delete(`/api/v1/invitations/${revokedRow!.id}`)).status).toBe(200);
    const again = await suite.admin.delete(`/api/v1/invitations/${revokedRow!.id}`);
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: 'invitation_not_pending' });
    expect((await json(await accept(revokedToken))).detail).toBe('This invitation is revoked');

    const expiredToken = await invite('expired@example.test');
    await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      tx
        .update(invitations)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(invitations.email, 'expired@example.test')),
    );
    const expired = await accept(expiredToken);
    expect(expired.status).toBe(400);
    expect((await json(expired)).detail).toBe('This invitation is expired');
    // Nothing half-written: no user was created by any refused attempt.
    expect((await json(await suite.admin.get('/api/v1/users?q=tamper'))).items).toEqual([]);
  });

  it('resends with a new link (the old one stops working) and refuses a duplicate invitation', async () => {
    const first = await json(
      await suite.admin.post('/api/v1/invitations', {
        email: 'resend@example.test',
        roleId: suite.org.roles.sales_rep.id,
      }),
    );
    const oldToken = tokenFrom(await waitForEmail(suite.app, 'resend@example.test', /invited/));
    const duplicate = await suite.admin.post('/api/v1/invitations', {
      email: 'resend@example.test',
      roleId: suite.org.roles.sales_rep.id,
    });
    expect(duplicate.status).toBe(409);
    expect(await json(duplicate)).toMatchObject({ code: 'already_invited' });
    const member = await suite.admin.post('/api/v1/invitations', {
      email: suite.org.rep.email,
      roleId: suite.org.roles.sales_rep.id,
    });
    expect(member.status).toBe(409);
    expect(await json(member)).toMatchObject({ code: 'already_member' });
    const before = (await suite.app.outbox()).length;
    const resent = await suite.admin.post(`/api/v1/invitations/${first.id as string}/resend`);
    expect(await json(resent)).toMatchObject({ sendCount: 2, status: 'pending' });
    const newToken = tokenFrom(await waitForEmail(suite.app, 'resend@example.test', /invited/, before));
    expect(newToken).not.toBe(oldToken);
    expect((await accept(oldToken)).status).toBe(400);
    expect((await accept(newToken)).status).toBe(200);
  });

  it('links an existing account only with its own password', async () => {
    const other = await buildOrganization(suite.app.database.db);
    await suite.admin.post('/api/v1/invitations', {
      email: other.manager.email,
      roleId: suite.org.roles.team_manager.id,
    });
    const token = tokenFrom(await waitForEmail(suite.app, other.manager.email, /invited/));
    const wrong = await accept(token, 'an attacker password');
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors).toEqual([
      { path: 'body.password', message: expect.stringContaining('already has a Closer account') },
    ]);
    const joined = await accept(token, TEST_PASSWORD);
    expect(joined.status).toBe(200);
    expect(((await json(joined)).memberships as unknown[]).length).toBe(2);
  });

  it('writes an audit entry for every change', async () => {
    const log = await json(await suite.admin.get('/api/v1/audit-logs?entity=invitation&limit=500'));
    const actions = new Set((log.items as { action: string }[]).map((entry) => entry.action));
    expect([...actions].sort()).toEqual([
      'invitation.accepted',
      'invitation.created',
      'invitation.resent',
      'invitation.revoked',
    ]);
    const created = (
      log.items as {
        action: string;
        actorId: string;
        via: string;
        requestId: string;
        after: Record<string, unknown>;
      }[]
    ).find((entry) => entry.action === 'invitation.created')!;
    expect(created).toMatchObject({ actorId: suite.org.admin.id, via: 'web' });
    expect(created.requestId).toBeTruthy();
    // Accepting is done by the invitee, who is on record as the one who acted.
    const accepted = (log.items as { action: string; actorId: string; after: { email: string } }[]).find(
      (entry) => entry.action === 'invitation.accepted' && entry.after.email === 'nina@example.test',
    );
    const users = await json<{ items: { id: string }[] }>(await suite.admin.get('/api/v1/users?q=nina'));
    expect(accepted?.actorId).toBe(users.items[0]?.id);
    expect(JSON.stringify(log)).not.toMatch(/tokenHash|token_hash/);
  });
});
