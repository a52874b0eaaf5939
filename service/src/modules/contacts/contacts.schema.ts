import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { multiLineText, singleLineText } from '../../core/http/text.js';
import { versionField } from '../../core/http/values.js';
import { contactRoles } from './contacts.tables.js';

/** Refuses the second of two equal values (by `key`), naming its index. */
function uniqueBy<T>(key: (value: T) => string, message: string) {
  return (values: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const k = key(value);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message });
      seen.add(k);
    });
  };
}

const emailList = z
  .array(z.string().trim().toLowerCase().pipe(z.email('must be an email address')))
  .max(20)
  .superRefine(uniqueBy((email) => email, 'is already in the list'));

const phoneList = z
  .array(
    singleLineText({ max: 40 }).refine(
      (phone) => /^\+?[0-9 ().\-/]{3,40}(\s*(x|ext\.?)\s*\d{1,6})?$/i.test(phone),
      {
        message: 'must be a phone number, like +1 415 555 0100',
      },
    ),
  )
  .max(20)
  .superRefine(uniqueBy((phone) => phone.replace(/[^0-9+x]/gi, ''), 'is already in the list'));

const customerLinks = z
  .array(
    z.strictObject({
      customerId: z.uuid('must be a customer id'),
      role: z.enum(contactRoles).default('user'),
    }),
  )
  .max(50)
  .superRefine(uniqueBy((link) => link.customerId, 'is already in the list'))
  .describe('The customers the contact works with and their role at each; on update, replaces the list');

const customFieldsInput = z
  .record(z.string(), z.unknown())
  .describe('Values by custom field key (GET /api/v1/custom-fields?object=contact); null removes one');

const fields = {
  title: singleLineText({ max: 200, min: 0 }),
  emails: emailList,
  phones: phoneList,
  notes: multiLineText({ max: 20_000 }),
  ownerId: z.uuid('must be a user id'),
  customers: customerLinks,
  customFields: customFieldsInput,
};

export type ContactRole = (typeof contactRoles)[number];

export interface CreateContactInput {
  name: string;
  title?: string | undefined;
  emails?: string[] | undefined;
  phones?: string[] | undefined;
  notes?: string | undefined;
  ownerId?: string | undefined;
  customers?: { customerId: string; role: ContactRole }[] | undefined;
  customFields?: Record<string, unknown> | undefined;
}

export type UpdateContactInput = Partial<CreateContactInput> & { version: number };

export const CreateContactBody = z.strictObject({
  name: singleLineText({ max: 200 }),
  title: fields.title.optional(),
  emails: fields.emails.optional(),
  phones: fields.phones.optional(),
  notes: fields.notes.optional(),
  ownerId: fields.ownerId.optional(),
  customers: fields.customers.optional(),
  customFields: fields.customFields.optional(),
});

export const UpdateContactBody = z.strictObject({
  version: versionField,
  name: singleLineText({ max: 200 }).optional(),
  title: fields.title.optional(),
  emails: fields.emails.optional(),
  phones: fields.phones.optional(),
  notes: fields.notes.optional(),
  ownerId: fields.ownerId.optional(),
  customers: fields.customers.optional(),
  customFields: fields.customFields.optional(),
});

export const ContactListQuery = queryObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe('Name or email contains (ignoring case)'),
  customerId: z.uuid().optional().describe('Only contacts at this customer'),
  deleted: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true: the trash (deleted in the last 30 days) instead of live records'),
});

export const MergeContactsBody = z.strictObject({
  targetId: z.uuid('must be a contact id'),
  sourceIds: z
    .array(z.uuid('must be a contact id'))
    .min(1)
    .max(50)
    .superRefine(uniqueBy((id) => id, 'is already in the list')),
});

export const ContactCustomerOut = z
  .object({ customerId: z.uuid(), name: z.string(), role: z.enum(contactRoles) })
  .meta({ id: 'ContactCustomer' });

export const ContactOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    title: z.string(),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    notes: z.string(),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    customers: z
      .array(ContactCustomerOut)
      .describe('The customers you may see that this contact works with, by name'),
    customFields: z.record(z.string(), z.unknown()),
    mergedIntoId: z.uuid().nullable(),
    deletedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });
