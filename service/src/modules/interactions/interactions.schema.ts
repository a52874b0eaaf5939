import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { queryObject } from '../../core/http/query.js';
import { multiLineText, singleLineText } from '../../core/http/text.js';
import { versionField } from '../../core/http/values.js';
import { interactionDirections, interactionOutcomes, interactionTypes } from './interactions.tables.js';

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time, like 2026-03-01T14:30:00Z' })
  .transform((value) => new Date(value));

const idList = (what: string) =>
  z
    .array(z.uuid(`must be a ${what} id`))
    .max(100)
    .transform((ids) => [...new Set(ids)]);

const participants = z
  .strictObject({
    contactIds: idList('contact').default([]),
    userIds: idList('user').default([]),
  })
  .describe('Who took part: contacts and users of the organization; on update, replaces both lists');

const signal = z.boolean().nullable();

const fields = {
  direction: z.enum(interactionDirections).nullable(),
  occurredAt: isoTime.describe('When it happened (ISO 8601); now when not given'),
  durationMinutes: z.number().int().min(0).max(100_000).nullable(),
  participants,
  outcome: z.enum(interactionOutcomes).nullable(),
  summary: multiLineText({ max: 20_000 }),
  customerId: z.uuid('must be a customer id').nullable(),
  opportunityId: z
    .uuid('must be an opportunity id')
    .nullable()
    .describe('When given without customerId, the customer is the opportunity’s'),
  nextStep: singleLineText({ max: 500, min: 0 }),
  attended: signal,
  replied: signal,
  decisionMakerPresent: signal,
  objectionRaised: signal,
  objectionResolved: signal,
  ownerId: z.uuid('must be a user id').describe('Whose interaction it is; yours when not given'),
  customFields: z
    .record(z.string(), z.unknown())
    .describe('Values by custom field key (GET /api/v1/custom-fields?object=interaction); null removes one'),
};

type Type = (typeof interactionTypes)[number];
type Nullable<T> = T | null | undefined;

/** What `logInteraction` takes besides the actor and transaction. */
export interface LogInteractionInput {
  type: Type;
  direction?: Nullable<(typeof interactionDirections)[number]>;
  occurredAt?: Date | undefined;
  durationMinutes?: Nullable<number>;
  participants?: { contactIds: string[]; userIds: string[] } | undefined;
  outcome?: Nullable<(typeof interactionOutcomes)[number]>;
  summary?: string | undefined;
  customerId?: Nullable<string>;
  opportunityId?: Nullable<string>;
  nextStep?: string | undefined;
  attended?: Nullable<boolean>;
  replied?: Nullable<boolean>;
  decisionMakerPresent?: Nullable<boolean>;
  objectionRaised?: Nullable<boolean>;
  objectionResolved?: Nullable<boolean>;
  ownerId?: string | undefined;
  customFields?: Record<string, unknown> | undefined;
}

export type UpdateInteractionInput = Partial<LogInteractionInput> & { version: number };

const optionalFields = Object.fromEntries(
  Object.entries(fields).map(([key, schema]) => [key, schema.optional()]),
) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> };

export const LogInteractionBody = z.strictObject({
  type: z.enum(interactionTypes),
  ...optionalFields,
}) as unknown as z.ZodType<LogInteractionInput>;

export const UpdateInteractionBody = z.strictObject({
  version: versionField,
  type: z.enum(interactionTypes).optional(),
  ...optionalFields,
}) as unknown as z.ZodType<UpdateInteractionInput>;

export const InteractionListQuery = queryObject({
  ...pageQuery,
  customerId: z.uuid().optional(),
  opportunityId: z.uuid().optional(),
  contactId: z.uuid().optional().describe('Interactions this contact took part in'),
  type: z.enum(interactionTypes).optional(),
  ownerId: z.uuid().optional(),
  occurredAfter: isoTime.optional().describe('At or after this time'),
  occurredBefore: isoTime.optional().describe('Before this time'),
  deleted: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true: the trash (deleted in the last 30 days) instead of live records'),
});

const reference = z.object({ id: z.uuid(), name: z.string() });

export const InteractionOut = z
  .object({
    id: z.uuid(),
    type: z.enum(interactionTypes),
    direction: z.enum(interactionDirections).nullable(),
    occurredAt: z.string(),
    durationMinutes: z.number().int().nullable(),
    participants: z.object({ contactIds: z.array(z.uuid()), userIds: z.array(z.uuid()) }),
    outcome: z.enum(interactionOutcomes).nullable(),
    summary: z.string(),
    customer: reference.nullable(),
    opportunity: reference.nullable(),
    nextStep: z.string(),
    attended: z.boolean().nullable(),
    replied: z.boolean().nullable(),
    decisionMakerPresent: z.boolean().nullable(),
    objectionRaised: z.boolean().nullable(),
    objectionResolved: z.boolean().nullable(),
    owner: reference,
    customFields: z.record(z.string(), z.unknown()),
    deletedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Interaction' });
