import { z } from 'zod';
import { queryObject } from '../../core/http/query.js';
import { singleLineText } from '../../core/http/text.js';
import { versionField } from '../../core/http/values.js';
import { customFieldObjects, customFieldTypes } from './custom-fields.tables.js';

const KEY = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const TYPES_WITH_OPTIONS = new Set(['enum', 'multi_enum']);

export const CustomFieldObjectSchema = z.enum(customFieldObjects);

const options = z
  .array(singleLineText({ max: 100 }))
  .max(200, 'must have at most 200 options')
  .refine((list) => new Set(list).size === list.length, { message: 'must not repeat an option' });

export const CreateCustomFieldBody = z
  .strictObject({
    object: CustomFieldObjectSchema,
    key: z
      .string()
      .max(63, 'must be at most 63 characters')
      .regex(KEY, 'must be lower_snake_case, like contract_end or tier2'),
    label: singleLineText({ max: 100 }),
    type: z.enum(customFieldTypes),
    options: options.default([]),
    required: z.boolean().default(false),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .superRefine((field, ctx) => {
    const needsOptions = TYPES_WITH_OPTIONS.has(field.type);
    if (needsOptions && !field.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `is required for a ${field.type} field` });
    }
    if (!needsOptions && field.options.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'only enum and multi_enum fields have options',
      });
    }
  });

/** The fixed parts of a definition are named so a PATCH giving them gets a clear 422, not "unrecognized". */
const fixed = (what: string) =>
  z
    .unknown()
    .optional()
    .refine((value) => value === undefined, {
      message: `cannot be changed; create a new field with the ${what} you want`,
    });

export const UpdateCustomFieldBody = z.strictObject({
  version: versionField,
  label: singleLineText({ max: 100 }).optional(),
  options: options.optional().describe('The full new list of choices (enum and multi_enum fields)'),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  key: fixed('key'),
  type: fixed('type'),
});

export const CustomFieldsQuery = queryObject({ object: CustomFieldObjectSchema.optional() });

/**
 * The `customFields` member of records' create and update bodies: values by key, `null` removes one.
 * Each value is checked against its definition by `checkCustomFields`.
 */
export const CustomFieldValues = z
  .record(z.string().max(63), z.unknown())
  .describe('Custom field values by key; null removes a value');

export const CustomFieldOut = z
  .object({
    id: z.uuid(),
    object: CustomFieldObjectSchema,
    key: z.string(),
    label: z.string(),
    type: z.enum(customFieldTypes),
    options: z.array(z.string()),
    required: z.boolean(),
    position: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomField' });
