import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';
import { countryCode, currencyCode, moneyAmount, tagList, versionField } from '../../core/http/values.js';
import { customerStatuses, industries, sizeBands } from './customers.tables.js';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Web domains of a customer ("acme.com"): lower-cased, without scheme or path, unique. */
const domainList = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((value) =>
        value
          .replace(/^https?:\/\//, '')
          .replace(/^www\./, '')
          .replace(/\/.*$/, ''),
      )
      .refine((value) => DOMAIN.test(value), { message: 'must be a domain like acme.com' }),
  )
  .max(20)
  .transform((domains) => [...new Set(domains)]);

const customFieldsInput = z
  .record(z.string(), z.unknown())
  .describe('Values by custom field key (GET /api/v1/custom-fields?object=customer); null removes one');

const fields = {
  domains: domainList.optional(),
  industry: z.enum(industries).nullable().optional(),
  tags: tagList.optional(),
  sizeBand: z.enum(sizeBands).nullable().optional(),
  annualRevenue: moneyAmount.nullable().optional(),
  revenueCurrency: currencyCode.nullable().optional(),
  country: countryCode.nullable().optional(),
  status: z.enum(customerStatuses).optional(),
  ownerId: z.uuid('must be a user id').optional().describe('Default: you'),
  teamId: z.uuid('must be a team id').nullable().optional(),
  customFields: customFieldsInput.optional(),
};

export const CreateCustomerBody = z.strictObject({ name: singleLineText({ max: 200 }), ...fields });
export type CreateCustomerInput = z.infer<typeof CreateCustomerBody>;

export const UpdateCustomerBody = z.strictObject({
  version: versionField,
  name: singleLineText({ max: 200 }).optional(),
  ...fields,
});
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerBody>;

export const CustomerListQuery = queryObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe('Name contains (ignoring case)'),
  status: z.enum(customerStatuses).optional(),
  industry: z.enum(industries).optional(),
  ownerId: z.uuid().optional(),
  deleted: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true: the trash (deleted in the last 30 days) instead of live records'),
});

export const MergeCustomersBody = z.strictObject({
  targetId: z.uuid('must be a customer id'),
  sourceIds: z.array(z.uuid('must be a customer id')).min(1).max(50),
});

export const CustomerOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    domains: z.array(z.string()),
    industry: z.enum(industries).nullable(),
    tags: z.array(z.string()),
    sizeBand: z.enum(sizeBands).nullable(),
    annualRevenue: z.string().nullable().describe('Exact decimal, in revenueCurrency'),
    revenueCurrency: z.string().nullable(),
    country: z.string().nullable(),
    status: z.enum(customerStatuses),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    teamId: z.uuid().nullable(),
    customFields: z.record(z.string(), z.unknown()),
    mergedIntoId: z.uuid().nullable(),
    deletedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Customer' });
