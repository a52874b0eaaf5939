import { isValidTimezone } from './time/zone.js';
import type { KnownNames, KnownUser, ParseContext } from './types.js';

/** A parse context with every default filled in. */
export interface ResolvedContext {
  nowMs: number;
  timezone: string;
  currency: string;
  customers: string[];
  contacts: string[];
  users: KnownUser[];
  opportunities: string[];
  stages: string[];
  known: KnownNames;
  previous?: ParseContext['previous'];
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];

function users(v: unknown): KnownUser[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (u): u is KnownUser =>
      typeof u === 'object' &&
      u !== null &&
      typeof (u as KnownUser).id === 'string' &&
      typeof (u as KnownUser).name === 'string',
  );
}

/** Fill defaults and drop malformed parts, so callers from untyped code cannot make parse throw. */
export function resolveContext(context: ParseContext | undefined): ResolvedContext {
  const c: Partial<ParseContext> = typeof context === 'object' && context !== null ? context : {};
  const parsed = typeof c.now === 'string' ? Date.parse(c.now) : NaN;
  const tz = typeof c.timezone === 'string' && isValidTimezone(c.timezone) ? c.timezone : 'UTC';
  const currency =
    typeof c.currency === 'string' && /^[A-Za-z]{3}$/.test(c.currency) ? c.currency.toUpperCase() : 'USD';
  const known: KnownNames = typeof c.known === 'object' && c.known !== null ? c.known : {};
  return {
    nowMs: Number.isFinite(parsed) ? parsed : Date.now(),
    timezone: tz,
    currency,
    customers: strings(known.customers),
    contacts: strings(known.contacts),
    users: users(known.users),
    opportunities: strings(known.opportunities),
    stages: strings(known.stages),
    known,
    ...(previousOf(c.previous) ? { previous: c.previous } : {}),
  };
}

function previousOf(v: unknown): v is NonNullable<ParseContext['previous']> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { intent?: unknown }).intent === 'string' &&
    typeof (v as { entities?: unknown }).entities === 'object' &&
    (v as { entities?: unknown }).entities !== null
  );
}
