import { describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { auditLogs } from '../../core/db/schema.js';
import { buildOrganization, signIn } from '../../test/factories.js';
import { json } from '../../test/http-client.js';
import { newId } from '../../core/db/columns.js';
import { customers } from '../customers/customers.tables.js';
import { useOrganizationApp } from '../../test/suite.js';

interface CustomField {
  id: string;
  object: string;
  key: string;
  label: string;
  type: string;
  options: string[];
  required: boolean;
  position: number;
  version: number;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
  current?: CustomField;
}

const paths = async (response: Response) => {
  expect(response.status).toBe(422);
  return (await json<Problem>(response)).errors?.map((error) => error.path);
};

describe('custom fields', () => {
  const suite = useOrganizationApp({ organizationName: 'Hooli' });

  async function create(body: object) {
    const response = await suite.admin.post('/api/v1/custom-fields', body);
    expect(response.status).toBe(201);
    return json<CustomField>(response);
  }
  const list = async (query = '', client = suite.admin) =>
    (await json<{ items: CustomField[] }>(await client.get(`/api/v1/custom-fields${query}`))).items;

  it('creates fields per kind of record, in order, and lists them filtered by ?object=', async () => {
    const tier = await create({
      object: 'customer',
      key: 'tier',
      label: 'Tier',
      type: 'enum',
      options: ['gold', 'silver'],
      required: true,
    });
    expect(tier).toMatchObject({
      object: 'customer',
      key: 'tier',
      type: 'enum',
      required: true,
      position: 0,
      version: 1,
    });
    const renewal = await create({ object: 'customer', key: 'renewal_on', label: 'Renewal', type: 'date' });
    expect(renewal).toMatchObject({ position: 1, options: [], required: false });
    const budget = await create({
      object: 'opportunity',
      key: 'tier',
      label: 'Deal tier',
      type: 'money',
      position: 5,
    });
    expect(budget.position).toBe(5);
    expect((await list('?object=customer')).map((f) => f.key)).toEqual(['tier', 'renewal_on']);
    expect((await list('?object=opportunity')).map((f) => f.id)).toEqual([budget.id]);
    expect((await list()).map((f) => f.id).sort()).toEqual([tier.id, renewal.id, budget.id].sort());
    expect(await paths(await suite.admin.get('/api/v1/custom-fields?object=invoice'))).toEqual([
      'query.object',
    ]);
  });

  it('keeps keys unique per kind of record (409 custom_field_key_taken) and refuses bad definitions (422)', async () => {
    await create({ object: 'contact', key: 'linkedin', label: 'LinkedIn', type: 'url' });
    const taken = await suite.admin.post('/api/v1/custom-fields', {
      object: 'contact',
      key: 'linkedin',
      label: 'Again',
      type: 'text',
    });
    expect(taken.status).toBe(409);
    expect(await json(taken)).toMatchObject({ code: 'custom_field_key_taken' });
    await create({ object: 'interaction', key: 'linkedin', label: 'LinkedIn', type: 'url' });

    const post = (body: object) =>
      suite.admin.post('/api/v1/custom-fields', { object: 'contact', label: 'X', type: 'text', ...body });
    expect(await paths(await post({ key: 'Bad Key' }))).toEqual(['body.key']);
    expect(await paths(await post({ key: '2fast' }))).toEqual(['body.key']);
    expect(await paths(await post({ key: 'colour', type: 'enum' }))).toEqual(['body.options']);
    expect(await paths(await post({ key: 'colour', type: 'multi_enum', options: [] }))).toEqual([
      'body.options',
    ]);
    expect(await paths(await post({ key: 'colour', options: ['red'] }))).toEqual(['body.options']);
    expect(await paths(await post({ key: 'colour', type: 'enum', options: ['red', 'red'] }))).toEqual([
      'body.options',
    ]);
    expect(await paths(await post({ key: 'colour', type: 'colour' }))).toEqual(['body.type']);
    expect(await paths(await post({ key: 'colour', object: 'invoice' }))).toEqual(['body.object']);
  });

  it('changes label, options, required and position, but never key or type; stale versions get 409', async () => {
    const stage = await create({
      object: 'opportunity',
      key: 'segment',
      label: 'Segment',
      type: 'multi_enum',
      options: ['smb', 'mid'],
    });
    const patched = await suite.admin.patch(`/api/v1/custom-fields/${stage.id}`, {
      version: 1,
      label: 'Market segment',
      options: ['mid', 'enterprise'],
      required: true,
      position: 3,
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      key: 'segment',
      label: 'Market segment',
      options: ['mid', 'enterprise'],
      required: true,
      position: 3,
      version: 2,
    });
    const fixed = await suite.admin.patch(`/api/v1/custom-fields/${stage.id}`, {
      version: 2,
      key: 'market',
      type: 'text',
    });
    expect(await paths(fixed)).toEqual(['body.key', 'body.type']);
    expect(
      await paths(await suite.admin.patch(`/api/v1/custom-fields/${stage.id}`, { version: 2, options: [] })),
    ).toEqual(['body.options']);
    const stale = await suite.admin.patch(`/api/v1/custom-fields/${stage.id}`, { version: 1, label: 'Late' });
    expect(stale.status).toBe(409);
    expect(await json<Problem>(stale)).toMatchObject({
      code: 'stale_version',
      current: { id: stage.id, label: 'Market segment', version: 2 },
    });
    const text = await create({ object: 'opportunity', key: 'memo', label: 'Memo', type: 'text' });
    const options = await suite.admin.patch(`/api/v1/custom-fields/${text.id}`, {
      version: 1,
      options: ['a'],
    });
    expect(await paths(options)).toEqual(['body.options']);
  });

  it('deletes a definition (204), after which it is gone (404)', async () => {
    const field = await create({ object: 'customer', key: 'legacy_id', label: 'Legacy id', type: 'text' });
    // Straight into the table: other tests here make fields required that this record would lack.
    const customer = { id: newId() };
    await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      tx.insert(customers).values({
        tenantId: suite.org.tenantId,
        id: customer.id,
        name: 'Legacy Co',
        ownerId: suite.org.admin.id,
        customFields: { legacy_id: 'L-1' },
      }),
    );
    expect((await suite.admin.delete(`/api/v1/custom-fields/${field.id}`)).status).toBe(204);
    // Its values go with it: they neither show nor come back under a new field with the key.
    const after = await json<{ customFields: Record<string, unknown> }>(
      await suite.admin.get(`/api/v1/customers/${customer.id}`),
    );
    expect(after.customFields).toEqual({});
    expect((await list()).map((f) => f.id)).not.toContain(field.id);
    expect((await suite.admin.delete(`/api/v1/custom-fields/${field.id}`)).status).toBe(404);
    expect(
      (await suite.admin.patch(`/api/v1/custom-fields/${field.id}`, { version: 1, label: 'x' })).status,
    ).toBe(404);
  });

  it('audits every change with before and after', async () => {
    const field = await create({ object: 'customer', key: 'audited', label: 'Audited', type: 'boolean' });
    await suite.admin.patch(`/api/v1/custom-fields/${field.id}`, { version: 1, label: 'Audited twice' });
    await suite.admin.delete(`/api/v1/custom-fields/${field.id}`);
    const entries = await suite.app.database.db.transaction({ tenantId: suite.org.tenantId }, (tx) =>
      tx.select().from(auditLogs).where(eq(auditLogs.entityId, field.id)).orderBy(auditLogs.createdAt),
    );
    expect(
      entries.map((entry) => [
        entry.action,
        (entry.before as { label?: string } | null)?.label ?? null,
        (entry.after as { label?: string } | null)?.label ?? null,
      ]),
    ).toEqual([
      ['custom_field.created', null, 'Audited'],
      ['custom_field.updated', 'Audited', 'Audited twice'],
      ['custom_field.deleted', 'Audited twice', null],
    ]);
  });

  it('lets every member read the fields; changing them needs org.configure_settings', async () => {
    const field = await create({ object: 'customer', key: 'region', label: 'Region', type: 'text' });
    for (const person of [suite.org.rep, suite.org.manager]) {
      const client = await signIn(suite.app.url, person);
      expect((await list('', client)).map((f) => f.id)).toContain(field.id);
      const body = { object: 'customer', key: 'mine', label: 'Mine', type: 'text' };
      expect((await client.post('/api/v1/custom-fields', body)).status).toBe(403);
      expect(
        (await client.patch(`/api/v1/custom-fields/${field.id}`, { version: 1, label: 'Mine' })).status,
      ).toBe(403);
      expect((await client.delete(`/api/v1/custom-fields/${field.id}`)).status).toBe(403);
    }
    expect((await list()).find((f) => f.id === field.id)).toMatchObject({ label: 'Region', version: 1 });
  });

  it('is invisible to another organization: 404 on its fields, never in its lists; the same key is free there', async () => {
    const field = await create({
      object: 'customer',
      key: 'secret_score',
      label: 'Secret score',
      type: 'number',
    });
    const other = await buildOrganization(suite.app.database.db);
    const otherAdmin = await signIn(suite.app.url, other.admin);
    expect(
      (await otherAdmin.patch(`/api/v1/custom-fields/${field.id}`, { version: 1, label: 'Hijacked' })).status,
    ).toBe(404);
    expect((await otherAdmin.delete(`/api/v1/custom-fields/${field.id}`)).status).toBe(404);
    expect(await list('', otherAdmin)).toEqual([]);
    expect(await list('?object=customer', otherAdmin)).toEqual([]);
    const same = await otherAdmin.post('/api/v1/custom-fields', {
      object: 'customer',
      key: 'secret_score',
      label: 'Theirs',
      type: 'text',
    });
    expect(same.status).toBe(201);
    expect((await list()).find((f) => f.id === field.id)).toMatchObject({
      label: 'Secret score',
      version: 1,
    });
  });
});
