import type { BulkColumns } from '../core/db/bulk-insert.js';
import type { DealTruth } from './demo-truth.js';
import {
  AMOUNT_HISTORY_COLUMNS,
  STAGE_HISTORY_COLUMNS,
} from '../modules/opportunities/opportunity-history.repo.js';

/** A generated row: column name -> value (timestamps as ISO strings, amounts as decimal strings). */
export type DemoRow = Record<string, string | number | boolean | null | readonly string[]>;

/** The tables the demo fills, in the order their foreign keys need. */
export const DEMO_TABLES = [
  'customers',
  'contacts',
  'contact_customers',
  'opportunities',
  'opportunity_stage_history',
  'opportunity_amount_history',
  'interactions',
  'interaction_participants',
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

/** Rows per table; `truths` when the plan asked for deals' true win probabilities (demo-truth.ts). */
export type DemoChunk = Record<DemoTable, DemoRow[]> & { truths?: DealTruth[] };
export type DemoCounts = Record<DemoTable, number>;

export const emptyChunk = (): DemoChunk =>
  Object.fromEntries(DEMO_TABLES.map((table) => [table, []])) as unknown as DemoChunk;
export const zeroCounts = (): DemoCounts =>
  Object.fromEntries(DEMO_TABLES.map((table) => [table, 0])) as unknown as DemoCounts;

/** The columns the generator fills, with their PostgreSQL types; the rest keep their defaults. */
export const DEMO_COLUMNS: Record<DemoTable, BulkColumns> = {
  customers: [
    ['tenant_id', 'uuid'],
    ['id', 'uuid'],
    ['name', 'text'],
    ['domains', 'text[]'],
    ['industry', 'text'],
    ['tags', 'text[]'],
    ['size_band', 'text'],
    ['annual_revenue', 'numeric'],
    ['revenue_currency', 'char(3)'],
    ['country', 'char(2)'],
    ['status', 'text'],
    ['owner_id', 'uuid'],
    ['team_id', 'uuid'],
    ['created_by', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
  contacts: [
    ['tenant_id', 'uuid'],
    ['id', 'uuid'],
    ['name', 'text'],
    ['title', 'text'],
    ['emails', 'text[]'],
    ['phones', 'text[]'],
    ['owner_id', 'uuid'],
    ['created_by', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
  contact_customers: [
    ['tenant_id', 'uuid'],
    ['contact_id', 'uuid'],
    ['customer_id', 'uuid'],
    ['role', 'text'],
    ['created_at', 'timestamptz'],
  ],
  opportunities: [
    ['tenant_id', 'uuid'],
    ['id', 'uuid'],
    ['name', 'text'],
    ['customer_id', 'uuid'],
    ['amount', 'numeric'],
    ['currency', 'char(3)'],
    ['pipeline_id', 'uuid'],
    ['stage_id', 'uuid'],
    ['status', 'text'],
    ['stage_entered_at', 'timestamptz'],
    ['expected_close_date', 'date'],
    ['closed_at', 'timestamptz'],
    ['owner_id', 'uuid'],
    ['team_id', 'uuid'],
    ['source', 'text'],
    ['competitors', 'text[]'],
    ['competition_level', 'text'],
    ['lost_reason', 'text'],
    ['next_step', 'text'],
    ['tags', 'text[]'],
    ['created_by', 'uuid'],
    ['version', 'integer'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
  opportunity_stage_history: STAGE_HISTORY_COLUMNS,
  opportunity_amount_history: AMOUNT_HISTORY_COLUMNS,
  interactions: [
    ['tenant_id', 'uuid'],
    ['id', 'uuid'],
    ['type', 'text'],
    ['direction', 'text'],
    ['occurred_at', 'timestamptz'],
    ['duration_minutes', 'integer'],
    ['outcome', 'text'],
    ['summary', 'text'],
    ['customer_id', 'uuid'],
    ['opportunity_id', 'uuid'],
    ['next_step', 'text'],
    ['attended', 'boolean'],
    ['replied', 'boolean'],
    ['decision_maker_present', 'boolean'],
    ['objection_raised', 'boolean'],
    ['objection_resolved', 'boolean'],
    ['owner_id', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
  interaction_participants: [
    ['tenant_id', 'uuid'],
    ['interaction_id', 'uuid'],
    ['kind', 'text'],
    ['participant_id', 'uuid'],
  ],
};
