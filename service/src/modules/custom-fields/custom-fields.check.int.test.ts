import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { AppError } from '../../core/errors/app-error.js';
import { memberships } from '../../core/db/schema.js';
import { buildOrganization, type TestOrganization } from '../../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { checkCustomFields } from './custom-fields.commands.js';
import { insertDefinition } from './custom-fields.repo.js';
import type { CustomFieldObject, CustomFieldType } from './custom-fields.tables.js';

describe('checkCustomFields', () => {
  let database: TestDatabase;
  let org: TestOrganization;
  let elsewhere: TestOrganization;

  const check = (
    input: Record<string, unknown> | undefined,
    existing?: Record<string, unknown>,
    object: CustomFieldObject = 'opportunity',
  ) =>
    database.db.transaction({ tenantId: org.tenantId }, (tx) =>
      checkCustomFields(tx, object, input, existing),
    );

  /** The field errors `input` is refused with, as `{ path: message }`. */
  async function refusal(input: Record<string, unknown> | undefined, existing?: Record<string, unknown>) {
    try {
      await check(input, existing);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed') {
        return Object.fromEntries((error.errors ?? []).map((e) => [e.path, e.message]));
      }
      throw error;
    }
    throw new Error('was accepted');
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    org = await buildOrganization(database.db);
    elsewhere = await buildOrganization(database.db);
    const fields: [string, CustomFieldType, string[]?][] = [
      ['notes', 'text'],
      ['seats', 'number'],
      ['budget', 'money'],
      ['renewal_on', 'date'],
      ['tier', 'enum', ['gold', 'silver']],
      ['modules', 'multi_enum', ['crm', 'billing', 'support']],
      ['signed', 'boolean'],
      ['sponsor', 'user'],
      ['website', 'url'],
    ];
    await database.db.transaction({ tenantId: org.tenantId }, async (tx) => {
      for (const [index, [key, type, options = []]] of fields.entries()) {
        await insertDefinition(tx, {
          tenantId: org.tenantId,
          object: 'opportunity',
          key,
          label: key,
          type,
          options,
          position: index,
        });
      }
      await insertDefinition(tx, {
        tenantId: org.tenantId,
        object: 'customer',
        key: 'region_code',
        label: 'Region code',
        type: 'text',
        required: true,
      });
    });
  });
  afterAll(() => database?.destroy());

  it('accepts a value of every type and returns them in their stored form', async () => {
    const stored = await check({
      notes: '  Met at the fair  ',
      seats: 12.5,
      budget: '040000.5',
      renewal_on: '2027-01-31',
      tier: 'gold',
      modules: ['crm', 'billing', 'crm'],
      signed: false,
      sponsor: org.rep.id,
      website: 'https://example.com/deal',
    });
    expect(stored).toEqual({
      notes: 'Met at the fair',
      seats: 12.5,
      budget: '40000.50',
      renewal_on: '2027-01-31',
      tier: 'gold',
      modules: ['crm', 'billing'],
      signed: false,
      sponsor: org.rep.id,
      website: 'https://example.com/deal',
    });
    expect(await check({ budget: 1250 })).toEqual({ budget: '1250.00' });
    expect(await check(undefined)).toEqual({});
  });

  it('merges into the existing values; null removes one; values of deleted fields stay', async () => {
    const existing = { tier: 'silver', seats: 3, retired_field: 'kept' };
    expect(await check({ seats: 4, signed: true }, existing)).toEqual({
      tier: 'silver',
      seats: 4,
      signed: true,
      retired_field: 'kept',
    });
    expect(await check({ tier: null, retired_field: null }, existing)).toEqual({ seats: 3 });
  });

  it('refuses each bad value, naming body.customFields.<key>', async () => {
    expect(
      await refusal({
        notes: 'x'.repeat(2001),
        seats: '12',
        budget: '10.001',
        renewal_on: '31/01/2027',
        tier: 'bronze',
        modules: ['crm', 'hardware'],
        signed: 'yes',
        website: 'ftp://example.com',
      }),
    ).toEqual({
      'body.customFields.notes': 'must be at most 2000 characters',
      'body.customFields.seats': 'must be a number',
      'body.customFields.budget': expect.stringContaining('at most 2 decimals') as unknown as string,
      'body.customFields.renewal_on': 'must be a date like 2026-12-31',
      'body.customFields.tier': 'must be one of: gold, silver',
      'body.customFields.modules': '"hardware" is not one of: crm, billing, support',
      'body.customFields.signed': 'must be true or false',
      'body.customFields.website': expect.stringContaining('http or https') as unknown as string,
    });
    expect(await refusal({ budget: -5, modules: 'crm', website: 'not a url' })).toMatchObject({
      'body.customFields.budget': 'must not be negative',
      'body.customFields.modules': expect.stringContaining('must be a list') as unknown as string,
      'body.customFields.website': expect.stringContaining('http or https') as unknown as string,
    });
  });

  it('refuses unknown keys, including fields of another kind of record', async () => {
    expect(await refusal({ colour: 'red', region_code: 'EU' })).toEqual({
      'body.customFields.colour': 'is not a custom field of opportunity records',
      'body.customFields.region_code': 'is not a custom field of opportunity records',
    });
  });

  it('takes as user only an active member of this organization', async () => {
    expect(await refusal({ sponsor: elsewhere.rep.id })).toEqual({
      'body.customFields.sponsor': 'is not an active member of this organization',
    });
    expect(await refusal({ sponsor: 'riley' })).toEqual({
      'body.customFields.sponsor': 'must be the id of a member of this organization',
    });
    await database.db.transaction({ tenantId: org.tenantId }, (tx) =>
      tx.update(memberships).set({ status: 'deactivated' }).where(eq(memberships.userId, org.otherRep.id)),
    );
    expect(await refusal({ sponsor: org.otherRep.id })).toEqual({
      'body.customFields.sponsor': 'is not an active member of this organization',
    });
  });

  it('requires required fields after the merge: missing, removed with null, or empty', async () => {
    const customer = (input: Record<string, unknown> | undefined, existing?: Record<string, unknown>) =>
      database.db.transaction({ tenantId: org.tenantId }, (tx) =>
        checkCustomFields(tx, 'customer', input, existing),
      );
    const required = { path: 'body.customFields.region_code', message: 'is required (Region code)' };
    await expect(customer(undefined)).rejects.toMatchObject({ errors: [required] });
    await expect(customer({ region_code: null }, { region_code: 'EU' })).rejects.toMatchObject({
      errors: [required],
    });
    await expect(customer({ region_code: '' })).rejects.toMatchObject({ errors: [required] });
    expect(await customer({ region_code: 'EU' })).toEqual({ region_code: 'EU' });
    expect(await customer({}, { region_code: 'EU' })).toEqual({ region_code: 'EU' });
  });
});
