import { describe, expect, it } from '@jest/globals';
import { DEMO_SIZES, generateDemo, type DemoPlan } from './demo-generator.js';
import type { DemoChunk, DemoRow } from './demo-tables.js';

const plan = (overrides: Partial<DemoPlan> = {}): DemoPlan => ({
  tenantId: '01900000-0000-7000-8000-000000000001',
  seed: 20_240_601,
  now: new Date('2026-06-30T12:00:00Z'),
  size: DEMO_SIZES.small,
  owners: [
    { userId: '01900000-0000-7000-8000-00000000000a', teamId: null, role: 'manager' },
    { userId: '01900000-0000-7000-8000-00000000000b', teamId: null, role: 'rep' },
    { userId: '01900000-0000-7000-8000-00000000000c', teamId: null, role: 'rep' },
  ],
  pipeline: {
    id: 'pipeline',
    openStageIds: ['prospecting', 'qualification', 'proposal', 'negotiation'],
    wonStageId: 'won',
    lostStageId: 'lost',
  },
  ...overrides,
});

const company = generateDemo(plan());

/** Won share of the closed deals in each group. */
function winRates(rows: DemoChunk, groupOf: (deal: DemoRow) => string | undefined) {
  const groups = new Map<string, { won: number; closed: number }>();
  for (const deal of rows.opportunities) {
    const group = groupOf(deal);
    if (deal.status === 'open' || group === undefined) continue;
    const tally = groups.get(group) ?? { won: 0, closed: 0 };
    tally.closed += 1;
    if (deal.status === 'won') tally.won += 1;
    groups.set(group, tally);
  }
  return Object.fromEntries([...groups].map(([group, { won, closed }]) => [group, won / closed]));
}

const byDeal = new Map<string, DemoRow[]>();
for (const interaction of company.interactions) {
  const deal = interaction.opportunity_id as string | null;
  if (deal) byDeal.set(deal, [...(byDeal.get(deal) ?? []), interaction]);
}
const customers = new Map(company.customers.map((customer) => [customer.id as string, customer]));
const customerOf = (deal: DemoRow) => customers.get(deal.customer_id as string)!;

describe('the demo generator', () => {
  it('gives the same rows for the same seed, and other rows for another seed', () => {
    const small = { customers: 30, opportunities: 200 };
    expect(generateDemo(plan({ size: small }))).toEqual(generateDemo(plan({ size: small })));
    const other = generateDemo(plan({ size: small, seed: 7 }));
    expect(other.opportunities[0]).not.toEqual(generateDemo(plan({ size: small })).opportunities[0]);
  });

  it('writes the planned numbers of customers and opportunities, tens of thousands of interactions', () => {
    expect(company.customers).toHaveLength(250);
    expect(company.opportunities).toHaveLength(2_000);
    expect(company.interactions.length).toBeGreaterThan(15_000);
    expect(company.contacts.length).toBeGreaterThan(500);
  });

  it('keeps every reference inside the generated company, and the history consistent', () => {
    const deals = new Set(company.opportunities.map((deal) => deal.id));
    const contacts = new Set(company.contacts.map((contact) => contact.id));
    const interactions = new Set(company.interactions.map((interaction) => interaction.id));
    expect(company.opportunities.every((deal) => customers.has(deal.customer_id as string))).toBe(true);
    expect(company.interactions.every((i) => i.opportunity_id === null || deals.has(i.opportunity_id))).toBe(
      true,
    );
    expect(company.opportunity_stage_history.every((change) => deals.has(change.opportunity_id))).toBe(true);
    expect(company.contact_customers.every((link) => contacts.has(link.contact_id))).toBe(true);
    expect(
      company.interaction_participants.every(
        (p) => interactions.has(p.interaction_id) && (p.kind === 'user' || contacts.has(p.participant_id)),
      ),
    ).toBe(true);
    for (const deal of company.opportunities) {
      expect(deal.closed_at === null).toBe(deal.status === 'open');
      expect(deal.lost_reason !== null).toBe(deal.status === 'lost');
      expect(String(deal.amount)).toMatch(/^\d+\.\d{2}$/);
    }
    const now = plan().now.toISOString();
    expect(company.interactions.every((interaction) => String(interaction.occurred_at) <= now)).toBe(true);
  });

  it('makes deals with competition lose more often', () => {
    const rates = winRates(company, (deal) => deal.competition_level as string);
    expect(rates.high!).toBeLessThan(rates.medium!);
    expect(rates.medium!).toBeLessThan(rates.none!);
  });

  it('makes engaged deals win more: decision maker met, objections resolved', () => {
    const met = winRates(company, (deal) =>
      (byDeal.get(deal.id as string) ?? []).some((i) => i.decision_maker_present) ? 'met' : 'not met',
    );
    expect(met.met!).toBeGreaterThan(met['not met']! + 0.2);
    const resolution = winRates(company, (deal) => {
      const raised = (byDeal.get(deal.id as string) ?? []).filter((i) => i.objection_raised);
      if (!raised.length) return undefined;
      const resolved = raised.filter((i) => i.objection_resolved).length / raised.length;
      return resolved >= 0.5 ? 'resolved' : 'unresolved';
    });
    expect(resolution.resolved!).toBeGreaterThan(resolution.unresolved! + 0.1);
  });

  it('makes industry, company size and the rep matter', () => {
    const industry = winRates(company, (deal) => customerOf(deal).industry as string);
    expect(industry.software!).toBeGreaterThan(industry.government!);
    const size = winRates(company, (deal) => customerOf(deal).size_band as string);
    expect(size['1-10']!).toBeGreaterThan(size['5001+']!);
    const rep = Object.values(winRates(company, (deal) => deal.owner_id as string));
    expect(Math.max(...rep) - Math.min(...rep)).toBeGreaterThan(0.08);
  });

  it('makes deals that move fast through their first stage win more', () => {
    const entered = new Map<string, number[]>();
    for (const change of company.opportunity_stage_history) {
      const deal = change.opportunity_id as string;
      entered.set(deal, [...(entered.get(deal) ?? []), Date.parse(change.at as string)]);
    }
    const firstStageDays = (deal: DemoRow) => {
      const [start, next] = entered.get(deal.id as string)!;
      return next === undefined ? undefined : (next - start!) / 86_400_000;
    };
    // Fast or slow against the median of deals of the same company size (big companies are slower).
    const medians = new Map<string, number>();
    for (const band of new Set(company.customers.map((customer) => customer.size_band as string))) {
      const days = company.opportunities
        .filter((deal) => deal.status !== 'open' && customerOf(deal).size_band === band)
        .map((deal) => firstStageDays(deal)!)
        .sort((a, b) => a - b);
      medians.set(band, days[Math.floor(days.length / 2)]!);
    }
    const speed = winRates(company, (deal) =>
      firstStageDays(deal)! < medians.get(customerOf(deal).size_band as string)! ? 'fast' : 'slow',
    );
    expect(speed.fast!).toBeGreaterThan(speed.slow!);
  });
});
