import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildPlatformUser, signIn } from '../../test/factories.js';
import { json, TestClient } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

const NUL = '\u0000';
const ESCAPE = '\u001b';
const RIGHT_TO_LEFT_OVERRIDE = '\u202e';
const PASSWORD = 'a long enough password';

type Caller = 'admin' | 'platform' | 'anyone';
type Request = [method: string, path: string, body?: object];

/** Each field that takes text, how to send a value in it, and the path its error must name. */
interface TextField {
  field: string;
  as: Caller;
  send: (value: string, ids: Ids) => Request;
  path: string;
  /** Passwords being checked may hold any character but NUL; new ones, any printable character. */
  refuses: ('NUL' | 'a control character' | 'a bidirectional override')[];
}

interface Ids {
  tenantId: string;
  teamId: string;
  roleId: string;
  n: number;
}

const ALL = ['NUL', 'a control character', 'a bidirectional override'] as const;
const CONTROLS = ['NUL', 'a control character'] as const;
const query = (value: string) => encodeURIComponent(value);

const FIELDS: TextField[] = [
  {
    field: 'team name',
    as: 'admin',
    send: (v) => ['POST', '/api/v1/teams', { name: v }],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'team description',
    as: 'admin',
    send: (v, { n }) => ['POST', '/api/v1/teams', { name: `Team ${n}`, description: v }],
    path: 'body.description',
    refuses: [...ALL],
  },
  {
    field: 'team name (update)',
    as: 'admin',
    send: (v, { teamId }) => ['PATCH', `/api/v1/teams/${teamId}`, { version: 1, name: v }],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'team description (update)',
    as: 'admin',
    send: (v, { teamId }) => ['PATCH', `/api/v1/teams/${teamId}`, { version: 1, description: v }],
    path: 'body.description',
    refuses: [...ALL],
  },
  {
    field: 'role name',
    as: 'admin',
    send: (v) => ['POST', '/api/v1/roles', { name: v, permissions: ['org.view_audit_logs'] }],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'role description',
    as: 'admin',
    send: (v, { n }) => [
      'POST',
      '/api/v1/roles',
      { name: `Role ${n}`, description: v, permissions: ['org.view_audit_logs'] },
    ],
    path: 'body.description',
    refuses: [...ALL],
  },
  {
    field: 'role name (update)',
    as: 'admin',
    send: (v, { roleId }) => ['PATCH', `/api/v1/roles/${roleId}`, { version: 1, name: v }],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'API key name',
    as: 'admin',
    send: (v) => ['POST', '/api/v1/api-keys', { name: v, permissions: ['org.view_audit_logs'] }],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'audit action filter',
    as: 'admin',
    send: (v) => ['GET', `/api/v1/audit-logs?action=${query(v)}`],
    path: 'query.action',
    refuses: [...ALL],
  },
  {
    field: 'audit entity filter',
    as: 'admin',
    send: (v) => ['GET', `/api/v1/audit-logs?entity=${query(v)}`],
    path: 'query.entity',
    refuses: [...ALL],
  },
  {
    field: 'user search',
    as: 'admin',
    send: (v) => ['GET', `/api/v1/users?q=${query(v)}`],
    path: 'query.q',
    refuses: [...ALL],
  },
  {
    field: 'user page cursor',
    as: 'admin',
    send: (v) => ['GET', `/api/v1/users?cursor=${query(v)}`],
    path: 'query.cursor',
    refuses: [...ALL],
  },
  {
    field: 'invitation email',
    as: 'admin',
    send: (v, { roleId }) => ['POST', '/api/v1/invitations', { email: `new${v}@example.test`, roleId }],
    path: 'body.email',
    refuses: [...ALL],
  },
  {
    field: 'current password',
    as: 'admin',
    send: (v) => ['POST', '/api/v1/me/password', { currentPassword: `secret${v}`, newPassword: PASSWORD }],
    path: 'body.currentPassword',
    refuses: ['NUL'],
  },
  {
    field: 'new password',
    as: 'admin',
    send: (v) => [
      'POST',
      '/api/v1/me/password',
      { currentPassword: 'secret', newPassword: `${PASSWORD}${v}` },
    ],
    path: 'body.newPassword',
    refuses: [...CONTROLS],
  },
  {
    field: 'organization name',
    as: 'platform',
    send: (v, { n }) => [
      'POST',
      '/api/v1/platform/tenants',
      { name: v, slug: `text-${n}`, adminEmail: `admin${n}@example.test` },
    ],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'organization plan',
    as: 'platform',
    send: (v, { n }) => [
      'POST',
      '/api/v1/platform/tenants',
      { name: 'Fine', slug: `text-${n}`, adminEmail: `admin${n}@example.test`, plan: v },
    ],
    path: 'body.plan',
    refuses: [...ALL],
  },
  {
    field: 'organization name (update)',
    as: 'platform',
    send: (v, { tenantId }) => ['PATCH', `/api/v1/platform/tenants/${tenantId}`, { name: v }],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'organization plan (update)',
    as: 'platform',
    send: (v, { tenantId }) => ['PATCH', `/api/v1/platform/tenants/${tenantId}`, { plan: v }],
    path: 'body.plan',
    refuses: [...ALL],
  },
  {
    field: 'support staff name',
    as: 'platform',
    send: (v, { n }) => [
      'POST',
      '/api/v1/platform/support-staff',
      { email: `support${n}@example.test`, name: v },
    ],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'sign-in email',
    as: 'anyone',
    send: (v) => ['POST', '/api/v1/auth/login', { email: `someone${v}@example.test`, password: PASSWORD }],
    path: 'body.email',
    refuses: [...ALL],
  },
  {
    field: 'sign-in password',
    as: 'anyone',
    send: (v) => ['POST', '/api/v1/auth/login', { email: 'someone@example.test', password: `secret${v}` }],
    path: 'body.password',
    refuses: ['NUL'],
  },
  {
    field: 'password reset token',
    as: 'anyone',
    send: (v) => [
      'POST',
      '/api/v1/auth/password-reset/confirm',
      { token: `${'t'.repeat(30)}${v}`, password: PASSWORD },
    ],
    path: 'body.token',
    refuses: [...ALL],
  },
  {
    field: 'password reset password',
    as: 'anyone',
    send: (v) => [
      'POST',
      '/api/v1/auth/password-reset/confirm',
      { token: 't'.repeat(43), password: `${PASSWORD}${v}` },
    ],
    path: 'body.password',
    refuses: [...CONTROLS],
  },
  {
    field: 'invitation token',
    as: 'anyone',
    send: (v) => [
      'POST',
      '/api/v1/invitations/accept',
      { token: `${'t'.repeat(30)}${v}`, name: 'Fine', password: PASSWORD },
    ],
    path: 'body.token',
    refuses: [...ALL],
  },
  {
    field: 'name on accepting an invitation',
    as: 'anyone',
    send: (v) => [
      'POST',
      '/api/v1/invitations/accept',
      { token: 't'.repeat(43), name: v, password: PASSWORD },
    ],
    path: 'body.name',
    refuses: [...ALL],
  },
  {
    field: 'password on accepting an invitation',
    as: 'anyone',
    send: (v) => [
      'POST',
      '/api/v1/invitations/accept',
      { token: 't'.repeat(43), name: 'Fine', password: `${PASSWORD}${v}` },
    ],
    path: 'body.password',
    refuses: [...CONTROLS],
  },
];

const VALUES = {
  NUL: `Acme${NUL}Corp`,
  'a control character': `Acme${ESCAPE}[2JCorp`,
  'a bidirectional override': `Acme${RIGHT_TO_LEFT_OVERRIDE}gpj.exe`,
};

const CASES = FIELDS.flatMap((field) => field.refuses.map((what) => [field.field, what, field] as const));

/** Every string the API takes refuses NUL and control characters (and, in names, bidi overrides) by name. */
describe('text in every field', () => {
  const suite = useOrganizationApp();
  const ids = { n: 0 } as Ids;
  let platform: TestClient;
  beforeAll(async () => {
    platform = await signIn(suite.app.url, await buildPlatformUser(suite.app.database.db));
    const role = await json<{ id: string }>(
      await suite.admin.post('/api/v1/roles', { name: 'Analyst', permissions: ['org.view_audit_logs'] }),
    );
    Object.assign(ids, { tenantId: suite.org.tenantId, teamId: suite.org.teamId, roleId: role.id });
  });

  it.each(CASES)('answers %s holding %s with 422 naming the field', async (_field, what, field) => {
    ids.n += 1;
    const [method, path, body] = field.send(VALUES[what], ids);
    const client = { admin: suite.admin, platform, anyone: new TestClient(suite.app.url) }[field.as];
    const response = await client.request(method, path, body);
    const problem = await json<{ code: string; errors?: { path: string; message: string }[] }>(response);
    expect({
      status: response.status,
      code: problem.code,
      paths: problem.errors?.map((error) => error.path),
    }).toEqual({
      status: 422,
      code: 'validation_failed',
      paths: [field.path],
    });
  });
});
