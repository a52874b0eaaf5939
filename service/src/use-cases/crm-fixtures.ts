/**
 * CRM records written straight into an organization's tables, for the tests of documents, search and
 * the customer timeline: they need customers, deals and interactions in exact shapes and times, and
 * must not depend on the create commands of the modules being built next to them.
 */
import { newId } from '../core/db/columns.js';
import type { Database, Tx } from '../core/db/database.js';
import {
  contactCustomers,
  contacts,
  customers,
  interactions,
  opportunities,
  opportunityStageHistory,
  pipelines,
  stages,
} from '../core/db/schema.js';
import type { InteractionType } from '../modules/interactions/interactions.tables.js';

export interface CrmFixtures {
  customer(values: { name: string; ownerId: string; domains?: string[]; deletedAt?: Date }): Promise<string>;
  contact(values: { name: string; ownerId: string; title?: string; customerId?: string }): Promise<string>;
  /** A deal in the fixtures' pipeline, at its first stage. */
  opportunity(values: {
    name: string;
    ownerId: string;
    customerId: string;
    deletedAt?: Date;
  }): Promise<string>;
  interaction(values: {
    type: InteractionType;
    ownerId: string;
    occurredAt: Date;
    summary?: string;
    customerId?: string;
    opportunityId?: string;
    deletedAt?: Date;
  }): Promise<string>;
  /** A stage change of a deal between two stages of the fixtures' pipeline, by name. */
  stageChange(values: {
    opportunityId: string;
    from: string | null;
    to: string;
    at: Date;
    byUserId: string;
  }): Promise<string>;
  /** Stage ids by name. */
  stages: Record<string, string>;
}

const STAGES = [
  ['Prospecting', 'open', 10],
  ['Proposal', 'open', 50],
  ['Won', 'won', 100],
  ['Lost', 'lost', 0],
] as const;

/** Fixtures of one organization; creates a pipeline of its own (not the default one). */
export async function crmFixtures(db: Database, tenantId: string): Promise<CrmFixtures> {
  const write = <T>(work: (tx: Tx) => Promise<T>) => db.transaction({ tenantId }, work);
  const pipelineId = newId();
  const stageIds = Object.fromEntries(STAGES.map(([name]) => [name, newId()])) as Record<string, string>;
  await write(async (tx) => {
    await tx.insert(pipelines).values({ tenantId, id: pipelineId, name: `Fixtures ${pipelineId}` });
    await tx.insert(stages).values(
      STAGES.map(([name, kind, probability], position) => ({
        tenantId,
        id: stageIds[name]!,
        pipelineId,
        name,
        kind,
        probability,
        position,
      })),
    );
  });
  const insert = async (work: (tx: Tx, id: string) => Promise<unknown>) => {
    const id = newId();
    await write((tx) => work(tx, id));
    return id;
  };
  return {
    stages: stageIds,
    customer: (values) => insert((tx, id) => tx.insert(customers).values({ tenantId, id, ...values })),
    contact: ({ customerId, ...values }) =>
      insert(async (tx, id) => {
        await tx.insert(contacts).values({ tenantId, id, ...values });
        if (customerId) await tx.insert(contactCustomers).values({ tenantId, contactId: id, customerId });
      }),
    opportunity: (values) =>
      insert((tx, id) =>
        tx.insert(opportunities).values({
          tenantId,
          id,
          currency: 'USD',
          amount: '1000.00',
          pipelineId,
          stageId: stageIds.Prospecting!,
          ...values,
        }),
      ),
    interaction: (values) => insert((tx, id) => tx.insert(interactions).values({ tenantId, id, ...values })),
    stageChange: ({ from, to, ...values }) =>
      insert((tx, id) =>
        tx.insert(opportunityStageHistory).values({
          tenantId,
          id,
          fromStageId: from ? stageIds[from]! : null,
          toStageId: stageIds[to]!,
          via: 'web',
          ...values,
        }),
      ),
  };
}
