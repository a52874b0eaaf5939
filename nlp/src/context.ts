import { foldName } from './entities/fuzzy.js';
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
  /** The customer of each known deal, by the deal's folded name (see `KnownNames.dealCustomers`). */
  dealCustomers: Map<string, string>;
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
  const customers = strings(known.customers);
  const opportunities = strings(known.opportunities);
  return {
    nowMs: Number.isFinite(parsed) ? parsed : Date.now(),
    timezone: tz,
    currency,
    customers,
    contacts: strings(known.contacts),
    users: users(known.users),
    opportunities,
    dealCustomers: dealCustomersOf(known, opportunities, customers),
    stages: strings(known.stages),
    known,
    ...(previousOf(c.previous) ? { previous: c.previous } : {}),
  };
}

const dealCustomersCache = new WeakMap<KnownNames, Map<string, string>>();

/** `dealCustomers` of a tenant's names, worked out once per names object (a service reuses it per message). */
function dealCustomersOf(known: KnownNames, deals: string[], customers: string[]): Map<string, string> {
  const cached = dealCustomersCache.get(known);
  if (cached) return cached;
  const found = dealCustomers(deals, customers, known.dealCustomers);
  dealCustomersCache.set(known, found);
  return found;
}

/**
 * Each deal's customer: as given, else the one known customer the deal's name opens with ("Acme Renewal
 * 2025": Acme Corp), by its whole name or else its first word; none when two fit as well.
 */
function dealCustomers(deals: string[], customers: string[], given: unknown): Map<string, string> {
  const stated = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const opens = (deal: string, words: string) =>
    words.length >= 3 && (deal === words || deal.startsWith(`${words} `));
  const out = new Map<string, string>();
  for (const deal of deals) {
    const folded = foldName(deal);
    const named = stated[deal];
    const whole = customers.filter((customer) => opens(folded, foldName(customer)));
    const first = customers.filter((customer) => opens(folded, foldName(customer).split(' ')[0] ?? ''));
    const customer =
      typeof named === 'string' && named.trim() !== ''
        ? named
        : whole.length === 1
          ? whole[0]
          : whole.length === 0 && first.length === 1
            ? first[0]
            : undefined;
    if (customer) out.set(folded, customer);
  }
  return out;
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
