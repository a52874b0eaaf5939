import { describe, expect, it } from '@jest/globals';

import { json } from '../../test/http-client.js';
import { useOrganizationApp } from '../../test/suite.js';

/** Bad input gets a clear error naming the field, and nothing is written. */
describe('bad input through the API', () => {
  const suite = useOrganizationApp();

  const teamCount = async () =>
    (await json<{ items: unknown[] }>(await suite.admin.get('/api/v1/teams'))).items.length;

  it('answers malformed JSON with 400 and writes nothing', async () => {
    const before = await teamCount();
    const response = await suite.admin.request('POST', '/api/v1/teams', '{"name": "Half', {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ code: 'malformed_json' });
    expect(await teamCount()).toBe(before);
  });

  it.each([
    ['a wrong type', { name: 42 }, 'body.name'],
    ['a missing field', { description: 'no name' }, 'body.name'],
    ['an unknown field', { name: 'Fine', tenantId: '00000000-0000-0000-0000-000000000000' }, 'body'],
    ['an overlong string', { name: 'x'.repeat(101) }, 'body.name'],
    ['an empty string', { name: '   ' }, 'body.name'],
  ])('answers %s with 422 naming the field', async (_label, body, path) => {
    const before = await teamCount();
    const response = await suite.admin.post('/api/v1/teams', body);
    expect(response.status).toBe(422);
    const problem = await json<{ code: string; errors: { path: string; message: string }[] }>(response);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((error) => error.path)).toContain(path);
    expect(await teamCount()).toBe(before);
  });

  it('validates ids in paths and queries', async () => {
    const badId = await suite.admin.get('/api/v1/users/not-a-uuid');
    expect(badId.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(badId)).errors[0]?.path).toBe('params.id');
    const badLimit = await suite.admin.get('/api/v1/users?limit=100000');
    expect((await json<{ errors: { path: string }[] }>(badLimit)).errors[0]?.path).toBe('query.limit');
    expect((await suite.admin.get('/api/v1/users?limit=1&cursor=garbage')).status).toBe(422);
  });

  it.each([
    '/api/v1/users?limit=1&limit=2',
    '/api/v1/audit-logs?limit=1&limit=2',
    '/api/v1/invitations?status=pending&status=revoked',
  ])('answers a query parameter given more than once with 422 naming it (%s)', async (path) => {
    const response = await suite.admin.get(path);
    expect(response.status).toBe(422);
    const parameter = /\?(\w+)=/.exec(path)![1];
    expect((await json<{ errors: unknown[] }>(response)).errors).toEqual([
      { path: `query.${parameter}`, message: 'was given more than once; give it once' },
    ]);
  });

  it('validates emails and roles on invitations', async () => {
    const response = await suite.admin.post('/api/v1/invitations', { email: 'not an email', roleId: 'nope' });
    const problem = await json<{ errors: { path: string }[] }>(response);
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['body.email', 'body.roleId']);
  });

  it('pages users with a cursor', async () => {
    const first = await json<{ items: { id: string }[]; nextCursor: string }>(
      await suite.admin.get('/api/v1/users?limit=2'),
    );
    expect(first.items).toHaveLength(2);
    const second = await json<{ items: { id: string }[]; nextCursor: string | null }>(
      await suite.admin.get(`/api/v1/users?limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((user) => user.id)).size).toBe(4);
  });
});
