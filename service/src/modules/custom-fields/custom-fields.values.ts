import { moneyAmount, isoDate } from '../../core/http/values.js';
import { multiLineText } from '../../core/http/text.js';
import type { CustomFieldDefinition } from './custom-fields.tables.js';

/** What a value of a custom field is checked into: the value to store, or why it is refused. */
export type ValueCheck = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): ValueCheck => ({ ok: true, value });
const refuse = (message: string): ValueCheck => ({ ok: false, message });

const TEXT = multiLineText({ max: 2000 });

/** "040000.5" -> "40000.50": the form numeric(18,2) prints, so stored values compare as strings. */
function normalizeMoney(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
}

function checkUrl(value: unknown): ValueCheck {
  if (typeof value !== 'string' || value.length > 2000)
    return refuse('must be a URL of at most 2000 characters');
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(url.href);
  } catch {
    // falls through to the refusal
  }
  return refuse('must be an http or https URL, like https://example.com');
}

function checkOptions(definition: CustomFieldDefinition, value: unknown): ValueCheck {
  const choices = definition.options.join(', ');
  if (definition.type === 'enum') {
    return typeof value === 'string' && definition.options.includes(value)
      ? ok(value)
      : refuse(`must be one of: ${choices}`);
  }
  if (!Array.isArray(value) || value.some((choice) => typeof choice !== 'string')) {
    return refuse(`must be a list of some of: ${choices}`);
  }
  const unknown = (value as string[]).filter((choice) => !definition.options.includes(choice));
  if (unknown.length) return refuse(`${unknown.map((c) => `"${c}"`).join(', ')} is not one of: ${choices}`);
  return ok([...new Set(value as string[])]);
}

/**
 * Checks one value against its definition's type (all but `user`, which needs the database) and returns
 * the form it is stored in.
 */
export function checkValue(definition: CustomFieldDefinition, value: unknown): ValueCheck {
  switch (definition.type) {
    case 'text': {
      if (typeof value !== 'string') return refuse('must be text');
      const text = TEXT.safeParse(value);
      return text.success ? ok(text.data) : refuse(text.error.issues[0]?.message ?? 'is not valid text');
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? ok(value) : refuse('must be a number');
    case 'money': {
      const amount = moneyAmount.safeParse(value);
      if (!amount.success) return refuse(amount.error.issues[0]?.message ?? 'must be an amount');
      return ok(normalizeMoney(amount.data));
    }
    case 'date':
      return isoDate.safeParse(value).success ? ok(value) : refuse('must be a date like 2026-12-31');
    case 'enum':
    case 'multi_enum':
      return checkOptions(definition, value);
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : refuse('must be true or false');
    case 'user':
      return typeof value === 'string' &&
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
        ? ok(value.toLowerCase())
        : refuse('must be the id of a member of this organization');
    case 'url':
      return checkUrl(value);
  }
}

/** Whether a stored value counts as given for a required field. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
