import { expect, test } from '@jest/globals';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { json } from '../../service/src/test/http-client.js';
import { describeBrowser, useBrowserSuite } from './browser.js';

interface Role {
  id: string;
  name: string;
  permissions: string[];
}

/**
 * Administration: the role matrix editor, what a person holding a custom role may open, the audit log
 * viewer showing the change, and inviting people one by one and from a CSV file.
 */
describeBrowser('administration', () => {
  const suite = useBrowserSuite();

  test('an Org Admin creates a custom role in the matrix; its holder sees only what it allows; the audit log shows it', async () => {
    const admin = await suite.signedIn(suite.org.admin, '/admin/roles');
    // Built-in roles are read-only.
    expect(
      await admin.getByRole('checkbox', { name: 'Sales Rep: See your personal dashboard' }).isDisabled(),
    ).toBe(true);

    await admin.getByLabel('Name').fill('Auditor');
    await admin.getByLabel('Start from').selectOption({ label: 'Only the personal dashboard' });
    await admin.getByRole('button', { name: 'Create role' }).click();
    const audit = admin.getByRole('checkbox', { name: "Auditor: Read the organization's audit log" });
    await audit.waitFor();
    expect(await audit.isChecked()).toBe(false);
    await audit.check();
    expect(
      await admin.getByRole('checkbox', { name: 'Auditor: See your personal dashboard' }).isChecked(),
    ).toBe(true);
    await admin.getByRole('button', { name: 'Save Auditor' }).click();
    await admin.getByText('Auditor saved: 2 permissions.').waitFor();
    await suite.screenshot(admin, 'admin-roles');

    const roles = await json<{ items: Role[] }>(await suite.admin.get('/api/v1/roles'));
    const auditor = roles.items.find((role) => role.name === 'Auditor')!;
    expect(auditor.permissions.sort()).toEqual(['dashboard.view_personal', 'org.view_audit_logs']);

    // The Org Admin gives the role to the other rep on the users page.
    await admin.goto('/admin/users');
    await admin.getByLabel(`Role of ${suite.org.otherRep.name}`).selectOption({ label: 'Auditor' });
    await admin.getByText(`${suite.org.otherRep.name} is now Auditor.`).waitFor();
    await suite.screenshot(admin, 'admin-users');

    // Its holder: administration shows the audit log only; the rest is refused, and the nav says so.
    const holder = await suite.signedIn(suite.org.otherRep, '/admin');
    await holder.getByRole('link', { name: 'Audit log' }).waitFor();
    expect(await holder.getByRole('link', { name: 'Roles' }).count()).toBe(0);
    expect(await holder.getByRole('link', { name: 'Admin', exact: true }).isVisible()).toBe(true);
    expect(await holder.getByRole('link', { name: 'Team', exact: true }).isHidden()).toBe(true);
    await holder.goto('/admin/roles');
    await holder.getByTestId('refused').waitFor();
    await holder.goto('/admin/users');
    await holder.getByTestId('refused').waitFor();
    await holder.goto('/pipeline');
    await holder.getByRole('alert').waitFor();
    await holder.goto('/admin/audit');
    await holder.locator('li[data-action="role.updated"]').first().waitFor();

    // The viewer, filtered to the change, shows who made it and the permissions before and after.
    await admin.goto(`/admin/audit?action=role.updated&entity=role:${auditor.id}`);
    const entry = admin.locator('li[data-action="role.updated"]');
    await entry.waitFor();
    expect(await entry.count()).toBe(1);
    await entry.locator('summary').click();
    expect(await entry.locator('summary').textContent()).toContain(`by ${suite.org.admin.name} via web`);
    const row = entry.locator('tr', { has: admin.locator('th', { hasText: 'permissions' }) });
    expect(await row.locator('td.before').textContent()).toBe('["dashboard.view_personal"]');
    expect((JSON.parse((await row.locator('td.after').textContent())!) as string[]).sort()).toEqual([
      'dashboard.view_personal',
      'org.view_audit_logs',
    ]);
    await suite.screenshot(admin, 'admin-audit');

    // Filters narrow: nothing by the rep.
    await admin.getByLabel('Who').selectOption({ label: suite.org.rep.name });
    await admin.getByRole('button', { name: 'Filter' }).click();
    await admin.getByText('0 entries, newest first.').waitFor();
    expect(new URL(admin.url()).searchParams.get('actor')).toBe(suite.org.rep.id);
  });

  test('an Org Admin invites one person and many from a CSV, seeing each refused row', async () => {
    const page = await suite.signedIn(suite.org.admin, '/admin/users');
    await page.getByLabel('Email').fill('solo@example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent to solo@example.com.').waitFor();
    await page.getByText('solo@example.com', { exact: true }).waitFor();

    const dir = await mkdtemp(path.join(tmpdir(), 'closer-users-'));
    const file = path.join(dir, 'people.csv');
    await writeFile(
      file,
      'email,name,role,team\nann@example.com,Ann,Sales Rep,West\nnot-an-email,Bob,Sales Rep,\ncy@example.com,Cy,No Such Role,\n',
    );
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Invite them' }).click();
    // One bad row refuses the whole file, each problem named by line and column.
    const problems = page.getByTestId('bulk-problems');
    await problems.waitFor();
    const rows = await problems.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^line 3, column email/);
    expect(rows[1]).toMatch(/^line 4, column role/);

    await writeFile(
      file,
      'email,name,role,team\nann@example.com,Ann,Sales Rep,West\nsolo@example.com,Solo,Sales Rep,\n',
    );
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Invite them' }).click();
    const result = page.getByTestId('bulk-result');
    await result.getByText('1 of 2 invited.').waitFor();
    expect(await result.locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/^3solo@example\.comalready invited$/),
    ]);
    expect(await problems.count()).toBe(0);

    await page.getByRole('button', { name: 'Revoke solo@example.com' }).click();
    await page.getByText('Invitation to solo@example.com revoked.').waitFor();
    const pending = await json<{ items: { email: string }[] }>(
      await suite.admin.get('/api/v1/invitations?status=pending'),
    );
    expect(pending.items.map((item) => item.email)).toEqual(['ann@example.com']);
  });

  test('an Org Admin creates an API key shown once, which works until revoked', async () => {
    const page = await suite.signedIn(suite.org.admin, '/admin/integrations');
    await page.getByText('Nothing is connected yet.').waitFor();
    await page.getByLabel('Key name').fill('Warehouse');
    await page.getByRole('checkbox', { name: "Read the organization's audit log" }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-key');
    const secret = (await shown.locator('code').textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    const asKey = (path: string) =>
      fetch(`${suite.app.url}${path}`, { headers: { Authorization: `Bearer ${secret}` } });
    expect((await asKey('/api/v1/audit-logs?limit=1')).status).toBe(200);
    expect((await asKey('/api/v1/customers')).status).toBe(403);
    await suite.screenshot(page, 'admin-integrations');

    // Shown once: a reload lists the key by its prefix only.
    await page.reload();
    await page.getByText('Warehouse').waitFor();
    expect(await page.getByTestId('new-key').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke Warehouse' }).click();
    await page.getByText('Warehouse is revoked.').waitFor();
    expect((await asKey('/api/v1/audit-logs?limit=1')).status).toBe(401);
  });

  test('an Org Admin manages teams and organization settings', async () => {
    const page = await suite.signedIn(suite.org.admin, '/admin/teams');
    await page.getByLabel('New team', { exact: true }).fill('East');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByText('East created.').waitFor();
    const east = page.locator('section[data-team="East"]');
    await east.getByLabel('Add to East').selectOption({ label: suite.org.rep.name });
    await page.getByText(`${suite.org.rep.name} joined East.`).waitFor();
    await east.getByRole('checkbox', { name: `${suite.org.rep.name} manages East` }).click();
    await page.getByText(`${suite.org.rep.name} manages East.`).waitFor();
    const teams = await json<{ items: { name: string; members: { userId: string; role: string }[] }[] }>(
      await suite.admin.get('/api/v1/teams'),
    );
    expect(teams.items.find((team) => team.name === 'East')!.members).toEqual([
      expect.objectContaining({ userId: suite.org.rep.id, role: 'manager' }),
    ]);

    await page.goto('/admin/settings');
    await page.getByLabel(/Exchange rates/).fill('EUR = 1.10');
    await page.getByRole('button', { name: 'Save currencies' }).click();
    await page.getByText('Currencies saved.').waitFor();
    expect(await json(await suite.admin.get('/api/v1/currency-settings'))).toMatchObject({
      rates: { EUR: '1.10' },
    });
    await page.getByText('New custom field').click();
    await page.getByLabel('On', { exact: true }).selectOption('opportunity');
    await page.getByLabel('Label').fill('Contract length');
    await page.getByLabel('Key (letters, digits, _)').fill('bad key!');
    await page.getByRole('button', { name: 'Add field' }).click();
    // The server's message shows on the field it names.
    await page.locator('#field-key-error').waitFor();
    await page.getByLabel('Key (letters, digits, _)').fill('contract_length');
    await page.getByLabel('Type', { exact: true }).selectOption('number');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByText('Contract length added to opportunities.').waitFor();
    await suite.screenshot(page, 'admin-settings');
  });
});
