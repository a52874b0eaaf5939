import { z } from 'zod';
import { singleLineText } from './text.js';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** An ISO 4217 currency code ("EUR"); lower case is accepted and upper-cased. */
export const currencyCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => CURRENCIES.has(code), { message: 'must be an ISO 4217 currency code, like USD or EUR' });

/** An ISO 3166-1 alpha-2 country code ("DE"). */
export const countryCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => /^[A-Z]{2}$/.test(code) && regionNames.of(code) !== code, {
    message: 'must be an ISO 3166 country code, like US or DE',
  });

const DECIMAL = /^\d{1,16}(\.\d{1,2})?$/;

/**
 * A non-negative money amount with at most two decimals, as a decimal string ("40000.5" or 40000.5 in,
 * "40000.50" out of the database). Never a float past this point: arithmetic happens in SQL `numeric`.
 */
export const moneyAmount = z
  .union([z.string().trim(), z.number()])
  .transform((value) => (typeof value === 'number' ? String(value) : value))
  .refine((value) => !value.startsWith('-'), { message: 'must not be negative' })
  .refine((value) => DECIMAL.test(value), {
    message: 'must be a number with at most 2 decimals, like 40000 or 1250.50',
  });

/** A date without a time ("2026-12-31"). */
export const isoDate = z.iso.date('must be a date like 2026-12-31');

/** Free tags: trimmed, unique ignoring case, at most 50 of 50 characters. */
export const tagList = z
  .array(singleLineText({ max: 50 }))
  .max(50)
  .transform((tags) => [...new Map(tags.map((tag) => [tag.toLowerCase(), tag])).values()]);

/** The version an update was based on; a stale one gets 409 with the current record. */
export const versionField = z
  .number()
  .int()
  .positive()
  .describe('The version you read; a stale one gets 409');
