import { z } from 'zod';
import { pageQuery } from '../../core/http/cursor.js';
import { pageOf } from '../../core/http/page.js';
import { queryObject } from '../../core/http/query.js';
import { multiLineText, singleLineText } from '../../core/http/text.js';
import { currencyCode, isoDate, moneyAmount, tagList, versionField } from '../../core/http/values.js';
import { competitionLevels, opportunityStatuses } from './opportunities.tables.js';

const stageKinds = ['open', 'won', 'lost'] as const;

const customFieldsInput = z
  .record(z.string(), z.unknown())
  .describe('Values by custom field key (GET /api/v1/custom-fields?object=opportunity); null removes one');

/** The fields a person sets on create and changes with PATCH (the stage moves with POST /:id/stage). */
const fields = {
  amount: moneyAmount.optional().describe('Exact decimal with at most 2 places, like "40000" or "1250.50"'),
  currency: currencyCode.optional().describe('ISO 4217; default: the organization base currency'),
  expectedCloseDate: isoDate.nullable().optional(),
  ownerId: z.uuid('must be a user id').optional().describe('Default: you'),
  teamId: z.uuid('must be a team id').nullable().optional(),
  source: singleLineText({ max: 100, min: 0 }).optional(),
  competitors: tagList.optional(),
  competitionLevel: z.enum(competitionLevels).nullable().optional(),
  nextStep: multiLineText({ max: 1000 }).optional(),
  probabilityOverride: z
    .number()
    .int()
    .min(0)
    .max(100)
    .nullable()
    .optional()
    .describe('Your own win estimate in percent; null: the stage default'),
  tags: tagList.optional(),
  customFields: customFieldsInput.optional(),
};

export const CreateOpportunityBody = z.strictObject({
  name: singleLineText({ max: 200 }),
  customerId: z.uuid('must be a customer id'),
  pipelineId: z.uuid('must be a pipeline id').optional().describe('Default: the default pipeline'),
  stageId: z.uuid('must be a stage id').optional().describe("Default: the pipeline's first open stage"),
  lostReason: multiLineText({ max: 1000 }).optional().describe('When created in a lost stage'),
  ...fields,
});
export type CreateOpportunityInput = z.output<typeof CreateOpportunityBody>;

export const UpdateOpportunityBody = z.strictObject({
  version: versionField,
  name: singleLineText({ max: 200 }).optional(),
  ...fields,
});
export type UpdateOpportunityInput = z.output<typeof UpdateOpportunityBody>;

export const MoveOpportunityBody = z.strictObject({
  stageId: z.uuid('must be a stage id'),
  version: versionField,
  lostReason: multiLineText({ max: 1000 })
    .optional()
    .describe('Why the deal was lost (moves to a lost stage only)'),
});

const booleanParam = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');

export const OpportunityListQuery = queryObject({
  ...pageQuery,
  q: singleLineText({ max: 200, min: 0 }).optional().describe('Name contains (ignoring case)'),
  status: z.enum(opportunityStatuses).optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  closingAfter: isoDate.optional().describe('Expected close on or after this date'),
  closingBefore: isoDate.optional().describe('Expected close on or before this date'),
  deleted: booleanParam.describe('true: the trash (deleted in the last 30 days) instead of live deals'),
});
export type OpportunityListFilters = z.output<typeof OpportunityListQuery>;

export const SummaryQuery = queryObject({
  pipelineId: z.uuid().optional().describe('Default: the default pipeline'),
  ownerId: z.uuid().optional(),
  closedAfter: isoDate
    .optional()
    .describe('Won and lost stages count deals closed on or after this date (UTC); default: 90 days ago'),
  closedBefore: isoDate
    .optional()
    .describe('Won and lost stages count deals closed on or before this date (UTC); default: no end'),
});

export const HistoryQuery = queryObject({ ...pageQuery });

const named = (idSchema = z.uuid()) => z.object({ id: idSchema, name: z.string() });

export const OpportunityOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    customer: named(),
    amount: z.string().describe('Exact decimal, in currency'),
    currency: z.string(),
    pipelineId: z.uuid(),
    stage: z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(stageKinds),
      probability: z.number().int().describe('The stage default, in percent'),
    }),
    status: z.enum(opportunityStatuses),
    probability: z.number().int().describe('Effective win probability: the override, else the stage default'),
    probabilityOverride: z.number().int().nullable(),
    stageEnteredAt: z.string(),
    expectedCloseDate: z.string().nullable(),
    closedAt: z.string().nullable(),
    owner: named(),
    teamId: z.uuid().nullable(),
    source: z.string(),
    competitors: z.array(z.string()),
    competitionLevel: z.enum(competitionLevels).nullable(),
    lostReason: z.string().nullable(),
    nextStep: z.string(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    deletedAt: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Opportunity' });

export const OpportunityPage = pageOf(OpportunityOut);

const changeBase = {
  id: z.uuid(),
  at: z.string(),
  by: named().nullable().describe('Who made the change; null for system work'),
  via: z.string().describe('web, api, slack, teams, import, workflow or system'),
};

export const OpportunityChangeOut = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('stage'),
      ...changeBase,
      fromStage: named().nullable().describe('null when the deal was created'),
      toStage: named(),
      lostReason: z.string().nullable(),
    }),
    z.object({
      type: z.literal('amount'),
      ...changeBase,
      fromAmount: z.string().nullable(),
      fromCurrency: z.string().nullable(),
      toAmount: z.string(),
      toCurrency: z.string(),
    }),
  ])
  .meta({ id: 'OpportunityChange' });

export const OpportunityHistoryPage = pageOf(OpportunityChangeOut);

export const PipelineSummaryOut = z
  .object({
    pipelineId: z.uuid(),
    baseCurrency: z.string(),
    closedAfter: z.string().describe('Won and lost stages count deals closed on or after this date'),
    closedBefore: z
      .string()
      .nullable()
      .describe('... and on or before this date (null: up to now); open stages count every open deal'),
    stages: z.array(
      z.object({
        stageId: z.uuid(),
        name: z.string(),
        kind: z.enum(stageKinds),
        probability: z.number().int(),
        count: z.number().int(),
        totalAmount: z.string().describe('Sum in the base currency'),
        weightedAmount: z.string().describe('Sum of amount x effective probability, in the base currency'),
        unconvertedCount: z
          .number()
          .int()
          .describe('Deals left out of the totals: their currency has no exchange rate'),
      }),
    ),
    missingRates: z.array(z.string()).describe('Currencies of deals with no exchange rate set'),
  })
  .meta({ id: 'PipelineSummary' });

const RATE = /^\d{1,12}(\.\d{1,10})?$/;

/** Units of base currency per unit of a currency, as a decimal string greater than zero. */
const exchangeRate = z
  .string()
  .trim()
  .refine((value) => RATE.test(value) && /[1-9]/.test(value), {
    message: 'must be a decimal number greater than 0, like "1.08"',
  });

export const PutCurrencySettingsBody = z
  .strictObject({
    version: versionField,
    baseCurrency: currencyCode,
    rates: z
      .record(z.string(), exchangeRate)
      .describe('Units of base currency per unit of each currency: { "EUR": "1.08" }'),
  })
  .superRefine((body, ctx) => {
    for (const code of Object.keys(body.rates)) {
      if (!currencyCode.safeParse(code).success || code !== code.toUpperCase()) {
        ctx.addIssue({
          code: 'custom',
          path: ['rates', code],
          message: 'must be an ISO 4217 currency code in capitals, like EUR',
        });
      } else if (code === body.baseCurrency) {
        ctx.addIssue({
          code: 'custom',
          path: ['rates', code],
          message: 'is the base currency (its rate is always 1); leave it out',
        });
      }
    }
  });
export type CurrencySettingsInput = z.output<typeof PutCurrencySettingsBody>;

export const CurrencySettingsOut = z
  .object({
    baseCurrency: z.string(),
    rates: z.record(z.string(), z.string()),
    version: z.number().int(),
    updatedAt: z.string().nullable().describe('null while the defaults were never changed'),
  })
  .meta({ id: 'CurrencySettings' });
