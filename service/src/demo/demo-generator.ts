/**
 * A deterministic demo company: the same plan (seed, tenant, owners, pipeline, `now`) gives the same rows.
 * Rows come out in chunks of whole customers (the customer, its contacts, its opportunities with their
 * history and conversations), so a writer can stream millions of them in foreign-key order.
 */
import {
  COMPANY_CORES,
  COMPANY_PREFIXES,
  CUSTOMER_TAGS,
  FIRST_NAMES,
  LAST_NAMES,
  LEGAL_SUFFIXES,
  TITLES_BY_ROLE,
} from './demo-words.js';
import {
  COUNTRY_WEIGHTS,
  CURRENCY_OF_COUNTRY,
  INDUSTRY_WEIGHTS,
  SIZE_TRAITS,
  SIZE_WEIGHTS,
  USD_RATES,
  type SizeBand,
} from './demo-model.js';
import {
  DAY,
  generateDeal,
  type DealWorld,
  type DemoContact,
  type DemoCustomer,
  type DemoPipeline,
  type DemoRep,
} from './demo-deals.js';
import { writeConversation } from './demo-interactions.js';
import { Random, seedFrom } from './random.js';
import { DEMO_TABLES, emptyChunk, type DemoChunk } from './demo-tables.js';
import type { TruthOptions } from './demo-truth.js';

export const DEMO_SIZES = {
  small: { customers: 250, opportunities: 2_000 },
  medium: { customers: 10_000, opportunities: 100_000 },
  large: { customers: 100_000, opportunities: 1_000_000 },
} as const;
export type DemoSizeName = keyof typeof DEMO_SIZES;
export interface DemoSize {
  customers: number;
  opportunities: number;
}

export interface DemoOwner {
  userId: string;
  teamId: string | null;
  role: 'rep' | 'manager';
}

export interface DemoPlan {
  tenantId: string;
  seed: number;
  /** The end of the history: open deals are open at this moment. */
  now: Date;
  size: DemoSize;
  /** Reps and managers who own the records (at least one). */
  owners: DemoOwner[];
  pipeline: DemoPipeline;
  /** Opportunities per chunk, roughly (default 2,000). */
  chunkOpportunities?: number;
  /** Record deals' true win probabilities (`DemoChunk.truths`; demo-truth.ts). */
  truth?: TruthOptions;
}

const HISTORY_DAYS = 730;

/**
 * The owners' hidden traits, spread evenly (then shuffled) rather than drawn: with three sellers, drawn
 * traits could make the whole company unusually good or bad; spread ones always give a best and a worst.
 */
function repsOf(plan: DemoPlan, rng: Random): DemoRep[] {
  if (!plan.owners.length) throw new Error('the demo needs at least one rep or manager to own records');
  const owners = [...plan.owners].sort((a, b) => a.userId.localeCompare(b.userId));
  const ladder = (spread: number) => {
    const steps = owners.map((_, index) =>
      owners.length === 1 ? 0 : spread * ((2 * index) / (owners.length - 1) - 1),
    );
    return rng.shuffle(steps);
  };
  const skill = ladder(0.35);
  const diligence = ladder(0.25);
  const pace = ladder(0.2);
  return owners.map((owner, index) => ({
    userId: owner.userId,
    teamId: owner.teamId,
    skill: skill[index]!,
    diligence: diligence[index]!,
    pace: Math.exp(pace[index]!),
  }));
}

function companyName(rng: Random, industry: string, country: string) {
  const prefix = rng.pick(COMPANY_PREFIXES);
  const core = rng.pick(COMPANY_CORES[industry]!);
  const suffix = rng.pick(LEGAL_SUFFIXES[country] ?? ['']);
  const shortName = `${prefix} ${core}`;
  const tld =
    { US: 'com', GB: 'co.uk', CA: 'ca', AU: 'com.au', JP: 'jp', BR: 'com.br' }[country] ??
    country.toLowerCase();
  const domain = `${shortName.toLowerCase().replace(/[^a-z0-9]+/g, '')}.${tld}`;
  return { name: suffix ? `${shortName} ${suffix}` : shortName, shortName, domain };
}

export class DemoGenerator {
  private readonly rng: Random;
  private readonly ids: Random;
  private readonly reps: DemoRep[];
  private readonly now: number;

  constructor(private readonly plan: DemoPlan) {
    this.rng = new Random(seedFrom('content', plan.seed));
    // Ids come from their own stream, salted with the tenant: two organizations never share ids.
    this.ids = new Random(seedFrom('ids', plan.seed, plan.tenantId));
    this.reps = repsOf(plan, this.rng);
    this.now = plan.now.getTime();
  }

  /** The reps' hidden traits, for tests that check the patterns. */
  get repTraits(): readonly DemoRep[] {
    return this.reps;
  }

  /**
   * Each customer's size band and number of deals, drawn first so the deals add up to the plan's count
   * exactly: bigger companies bring more deals, with a long tail of a few very busy accounts.
   */
  private accounts(): { band: SizeBand; deals: number }[] {
    const rng = new Random(seedFrom('accounts', this.plan.seed));
    const { customers, opportunities } = this.plan.size;
    const drawn = Array.from({ length: customers }, () => {
      const band = rng.weighted(SIZE_WEIGHTS);
      return { band, weight: SIZE_TRAITS[band].dealWeight * rng.logNormal(0, 0.8) };
    });
    const total = drawn.reduce((sum, account) => sum + account.weight, 0);
    let cumulative = 0;
    let given = 0;
    return drawn.map(({ band, weight }) => {
      cumulative += weight;
      const upTo = Math.round((opportunities * cumulative) / total);
      const deals = upTo - given;
      given = upTo;
      return { band, deals };
    });
  }

  *chunks(): Generator<DemoChunk> {
    const perChunk = this.plan.chunkOpportunities ?? 2_000;
    const manager = this.plan.owners.find((owner) => owner.role === 'manager');
    let chunk = emptyChunk();
    const world: DealWorld = {
      rng: this.rng,
      ids: this.ids,
      tenantId: this.plan.tenantId,
      now: this.now,
      pipeline: this.plan.pipeline,
      managerId: manager?.userId ?? null,
      chunk,
      ...(this.plan.truth && { truth: this.plan.truth }),
    };
    for (const account of this.accounts()) {
      this.customer(world, account.band, account.deals);
      if (chunk.opportunities.length >= perChunk) {
        yield chunk;
        chunk = world.chunk = emptyChunk();
      }
    }
    if (chunk.customers.length) yield chunk;
  }

  private customer(world: DealWorld, band: SizeBand, dealCount: number): void {
    const { rng, ids } = this;
    const industry = rng.weighted(INDUSTRY_WEIGHTS);
    const country = rng.weighted(COUNTRY_WEIGHTS);
    const traits = SIZE_TRAITS[band];
    const { name, shortName, domain } = companyName(rng, industry, country);
    const owner = rng.pick(this.reps);
    // More deals lately than two years ago: a growing company.
    const starts = Array.from(
      { length: dealCount },
      () => this.now - (HISTORY_DAYS - rng.next() ** 0.8 * (HISTORY_DAYS - 5)) * DAY,
    ).sort((a, b) => a - b);
    const createdAt = (starts[0] ?? this.now - rng.next() * HISTORY_DAYS * DAY) - rng.int(1, 90) * DAY;
    const customer: DemoCustomer = {
      id: ids.uuid7(createdAt),
      shortName,
      industry,
      band,
      country,
      contacts: [],
    };
    this.contacts(world, customer, domain, owner, createdAt);

    let lastWin: number | null = null;
    for (const start of starts) {
      const rep = rng.chance(0.85) ? owner : rng.pick(this.reps);
      const outcome = generateDeal(world, customer, rep, start);
      if (outcome.status === 'won') {
        lastWin = Math.max(lastWin ?? 0, outcome.closedAt!);
        this.afterSale(world, customer, rep, outcome.closedAt!);
      }
    }
    const churned = lastWin !== null && this.now - lastWin > 365 * DAY && rng.chance(0.5);
    const currency = CURRENCY_OF_COUNTRY[country] ?? 'USD';
    const revenue = (traits.revenueUsd * rng.logNormal(0, 0.5)) / Number(USD_RATES[currency] ?? '1');
    world.chunk.customers.push({
      tenant_id: world.tenantId,
      id: customer.id,
      name,
      domains: [domain],
      industry,
      tags: rng.chance(0.2) ? [rng.pick(CUSTOMER_TAGS)] : [],
      size_band: band,
      annual_revenue: (Math.round(revenue / 1000) * 1000).toFixed(2),
      revenue_currency: currency,
      country,
      status: lastWin === null ? 'prospect' : churned ? 'churned' : 'active',
      owner_id: owner.userId,
      team_id: owner.teamId,
      created_by: owner.userId,
      created_at: new Date(createdAt).toISOString(),
      updated_at: new Date(lastWin ?? createdAt).toISOString(),
    });
  }

  private contacts(world: DealWorld, customer: DemoCustomer, domain: string, owner: DemoRep, at: number) {
    const { rng, ids } = this;
    const [min, max] = SIZE_TRAITS[customer.band].contacts;
    const count = rng.int(min, max);
    const roles: DemoContact['role'][] = ['decision_maker', 'champion', 'influencer'];
    for (let index = 0; index < count; index++) {
      const role = roles[index] ?? (rng.chance(0.3) ? 'influencer' : 'user');
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const contact: DemoContact = { id: ids.uuid7(at), name: `${first} ${last}`, role };
      customer.contacts.push(contact);
      const created = new Date(at + index * 3_600_000).toISOString();
      world.chunk.contacts.push({
        tenant_id: world.tenantId,
        id: contact.id,
        name: contact.name,
        title: rng.pick(TITLES_BY_ROLE[role]),
        emails: [`${first}.${last}@${domain}`.toLowerCase()],
        phones: rng.chance(0.7) ? [`+1 555 ${String(rng.int(0, 9_999_999)).padStart(7, '0')}`] : [],
        owner_id: owner.userId,
        created_by: owner.userId,
        created_at: created,
        updated_at: created,
      });
      world.chunk.contact_customers.push({
        tenant_id: world.tenantId,
        contact_id: contact.id,
        customer_id: customer.id,
        role,
        created_at: created,
      });
    }
  }

  /** A won customer keeps talking: check-ins and notes linked to the customer, not to a deal. */
  private afterSale(world: DealWorld, customer: DemoCustomer, rep: DemoRep, wonAt: number): void {
    const count = this.rng.int(0, 2);
    for (let index = 0; index < count; index++) {
      const at = wonAt + this.rng.int(7, 120) * DAY;
      if (at > this.now) return;
      writeConversation(world, {
        customer,
        rep,
        opportunityId: null,
        at,
        notBefore: wonAt,
        stageIndex: 3,
        quality: 0.5,
        level: 'none',
        engagement: {
          conversations: 0,
          decisionMakerSeen: false,
          objectionsRaised: 0,
          objectionsResolved: 0,
        },
        type: this.rng.weighted([
          ['email', 3],
          ['meeting', 1],
          ['note', 2],
          ['call', 2],
        ] as const),
      });
    }
  }
}

/** All rows of a plan at once (small sizes and tests). */
export function generateDemo(plan: DemoPlan): DemoChunk {
  const all = emptyChunk();
  for (const chunk of new DemoGenerator(plan).chunks()) {
    for (const table of DEMO_TABLES) for (const row of chunk[table]) all[table].push(row);
    if (chunk.truths) (all.truths ??= []).push(...chunk.truths);
  }
  return all;
}
