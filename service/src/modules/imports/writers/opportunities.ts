/**
 * Deals from a file, with their history: a won or lost deal imports with the stage it entered when it
 * was engaged and the move to won or lost on its close date, and its amount as of its creation, so past
 * deals become the history forecasts and the predictive engine learn from. Customers they name are found
 * or created.
 */
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { queryRows } from '../../../core/db/database.js';
import { stageRows } from '../../../core/db/staging.js';
import { readCustom, type PreparedRow, type RowProblem } from '../import-rows.js';
import * as customFieldsRepo from '../../custom-fields/custom-fields.repo.js';
import type { CustomFieldDefinition } from '../../custom-fields/custom-fields.tables.js';
import { teamOf, teamsByName } from './customers.js';
import {
  existingBy,
  keyValues,
  stageName,
  writeRecords,
  type Candidate,
  type RecordSpec,
} from './records.js';
import { customerReferenceOf, lookupCustomers, type CustomerLookup } from './references.js';
import { memberOf, problemAt, type ImportWriter, type WriteContext } from './writer.js';
import { textArrayParam } from '../../../core/db/bulk-insert.js';
import {
  AMOUNT_HISTORY_COLUMNS,
  STAGE_HISTORY_COLUMNS,
} from '../../opportunities/opportunity-history.repo.js';

interface Stage {
  id: string;
  pipeline_id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  position: number;
}

interface Pipeline {
  id: string;
  name: string;
  stages: Stage[];
}

interface OpportunityBatch {
  teams: Map<string, string>;
  pipelines: Map<string, Pipeline>;
  defaultPipeline: Pipeline | undefined;
  customers: CustomerLookup;
  /** The organization's custom field `product`, where the product column goes (else to tags). */
  productField: CustomFieldDefinition | undefined;
}

/** Letters and digits only, lower-cased: how stage names and their synonyms are compared. */
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const KIND_WORDS: Record<string, 'won' | 'lost'> = {
  won: 'won',
  closedwon: 'won',
  win: 'won',
  lost: 'lost',
  closedlost: 'lost',
  loss: 'lost',
};

async function loadPipelines(context: WriteContext) {
  const rows = await queryRows<Stage & { pipeline_name: string; is_default: boolean }>(
    context.tx,
    sql`select s.id, s.pipeline_id, s.name, s.kind, s.position, p.name as pipeline_name, p.is_default
          from stages s join pipelines p on p.id = s.pipeline_id
         where s.archived_at is null order by p.position, s.position`,
  );
  const pipelines = new Map<string, Pipeline>();
  let defaultPipeline: Pipeline | undefined;
  for (const row of rows) {
    const key = row.pipeline_name.trim().toLowerCase();
    let pipeline = pipelines.get(key);
    if (!pipeline) {
      pipeline = { id: row.pipeline_id, name: row.pipeline_name, stages: [] };
      pipelines.set(key, pipeline);
    }
    if (row.is_default) defaultPipeline = pipeline;
    pipeline.stages.push(row);
  }
  return { pipelines, defaultPipeline: defaultPipeline ?? pipelines.values().next().value };
}

/** The stage a row names in its pipeline: by name, else "won"/"closed lost" as the stage of that kind. */
function stageOf(pipeline: Pipeline, named: string | undefined, status: string | undefined): Stage | string {
  if (named !== undefined) {
    const key = squash(named);
    const byName = pipeline.stages.find((stage) => squash(stage.name) === key);
    if (byName) return byName;
    const kind = KIND_WORDS[key];
    const byKind = kind && pipeline.stages.find((stage) => stage.kind === kind);
    if (byKind) return byKind;
    return `no stage is named ${named} in the pipeline ${pipeline.name}; its stages: ${pipeline.stages.map((s) => s.name).join(', ')}`;
  }
  const kind = status === 'won' || status === 'lost' ? status : 'open';
  return (
    pipeline.stages.find((stage) => stage.kind === kind) ??
    `the pipeline ${pipeline.name} has no ${kind} stage`
  );
}

const spec: RecordSpec<OpportunityBatch> = {
  table: 'opportunities',
  noun: 'deal',
  columns: [
    ['external_id', 'text'],
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
    ['probability_override', 'integer'],
    ['tags', 'text[]'],
    ['custom_fields', 'jsonb'],
    ['created_by', 'uuid'],
    ['created_at', 'timestamptz'],
    /** The first stage of the pipeline (history of a closed deal starts there); not a table column. */
  ],
  defaults: {
    amount: '0',
    source: "''",
    competitors: "'{}'",
    next_step: "''",
    tags: "'{}'",
    created_at: 'now()',
    stage_entered_at: 'now()',
  },
  updatable: [
    'name',
    'amount',
    'currency',
    'expected_close_date',
    'owner_id',
    'team_id',
    'source',
    'competitors',
    'competition_level',
    'next_step',
    'probability_override',
    'tags',
  ],
  async prepare(context, rows) {
    const references = rows.flatMap((row) => customerReferenceOf(row) ?? []);
    const { pipelines, defaultPipeline } = await loadPipelines(context);
    const teams = await teamsByName(context);
    const customers = await lookupCustomers(context, references);
    const productField = (await customFieldsRepo.listDefinitions(context.tx, 'opportunity')).find(
      (definition) => definition.key === 'product',
    );
    return { pipelines, defaultPipeline, teams, customers, productField };
  },
  toRecord(context, batch, row) {
    const values = row.values;
    const problems: RowProblem[] = [];
    const at = (field: string, message: string) =>
      problems.push(problemAt(context, row, field, message, values[field]));
    const owner = memberOf(context, values.ownerEmail, row);
    if ('problem' in owner) at('ownerEmail', owner.problem);
    const team = teamOf(context, batch.teams, row);
    if ('problem' in team) problems.push(team.problem);
    const reference = customerReferenceOf(row);
    const customerId =
      reference && 'userId' in owner ? batch.customers.reserve(reference, row.line, owner.userId) : undefined;
    if (!reference)
      problems.push(
        problemAt(context, row, null, 'names no customer: map a customer name, domain or external id'),
      );
    else if (!customerId && 'userId' in owner)
      at(
        reference.externalId ? 'customerExternalId' : 'customerDomain',
        'no such customer, and no name to create it with',
      );
    const pipelineName = (values.pipeline as string | undefined) ?? context.options.pipeline ?? undefined;
    const pipeline = pipelineName
      ? batch.pipelines.get(pipelineName.trim().toLowerCase())
      : batch.defaultPipeline;
    let stage: Stage | string = 'the organization has no pipeline';
    if (!pipeline)
      at(
        'pipeline',
        `no pipeline is named ${pipelineName}; pipelines: ${[...batch.pipelines.values()].map((p) => p.name).join(', ')}`,
      );
    else {
      stage = stageOf(pipeline, values.stage as string | undefined, values.status as string | undefined);
      if (typeof stage === 'string') at('stage', stage);
      else if (values.status !== undefined && values.status !== stage.kind)
        at('status', `says ${values.status as string} but the stage ${stage.name} is ${stage.kind}`);
    }
    const closed = typeof stage !== 'string' && stage.kind !== 'open';
    const closeDate =
      (values.closedAt as string | undefined) ??
      (closed ? (values.expectedCloseDate as string | undefined) : undefined);
    if (closed && !closeDate)
      at('closedAt', `a ${typeof stage !== 'string' ? stage.kind : ''} deal needs its close date`);
    let createdAt = values.createdAt as string | undefined;
    if (closeDate && createdAt && closeDate < createdAt.slice(0, 10)) {
      // Exports often carry the date a record was copied into the system, after the deal closed.
      row.notes.push(
        problemAt(
          context,
          row,
          'createdAt',
          `Note: closed (${closeDate}) before it was created; its history starts on its close date`,
          createdAt,
        ),
      );
      createdAt = `${closeDate}T00:00:00Z`;
    }
    const money = values.amount as { amount: string; currency: string | null } | undefined;
    if (money && Number(money.amount) < 0) at('amount', 'cannot be negative');
    if (values.lostReason !== undefined && typeof stage !== 'string' && stage.kind !== 'lost')
      at('lostReason', 'is given only for a lost deal');
    const name =
      (values.name as string | undefined) ??
      ([reference?.name, values.product].filter((part) => typeof part === 'string').join(' – ') ||
        (values.externalId as string | undefined));
    if (!name) at('name', 'a deal needs a name: map a name column');
    if (
      problems.length ||
      typeof stage === 'string' ||
      'problem' in owner ||
      'problem' in team ||
      !customerId ||
      !name
    )
      return problems;
    const tags = [...((values.tags as string[] | undefined) ?? [])];
    const custom = { ...row.custom };
    if (typeof values.product === 'string') {
      if (batch.productField) {
        const product = readCustom(batch.productField, values.product, context.options);
        if (!product.ok) return [problemAt(context, row, 'product', product.message, values.product)];
        custom.product = product.value;
        if (product.note)
          row.notes.push(problemAt(context, row, 'product', `Note: ${product.note}`, values.product));
      } else if (!tags.includes(values.product)) tags.push(values.product);
    }
    const closedAt = closeDate ? `${closeDate}T00:00:00Z` : null;
    return {
      external_id: (values.externalId as string | undefined) ?? null,
      name,
      customer_id: customerId,
      amount: money?.amount ?? null,
      currency: (values.currency as string | undefined) ?? money?.currency ?? context.options.defaultCurrency,
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      status: stage.kind,
      stage_entered_at: closedAt ?? createdAt ?? null,
      expected_close_date: (values.expectedCloseDate as string | undefined) ?? closeDate ?? null,
      closed_at: closedAt,
      owner_id: owner.userId,
      team_id: team.teamId,
      source: (values.source as string | undefined) ?? null,
      competitors: (values.competitors as string[] | undefined) ?? null,
      competition_level: (values.competitionLevel as string | undefined) ?? null,
      lost_reason: (values.lostReason as string | undefined) ?? null,
      next_step: (values.nextStep as string | undefined) ?? null,
      probability_override: values.probability === undefined ? null : Math.round(Number(values.probability)),
      tags: tags.length ? tags : null,
      custom_fields: custom,
      created_by: context.actor.userId,
      created_at: createdAt ?? null,
    };
  },
  keysOf(context, record) {
    const keys: string[] = [];
    if (typeof record.external_id === 'string') keys.push(`externalId:${record.external_id}`);
    if (context.options.duplicateKeys.includes('name') && typeof record.name === 'string')
      keys.push(`name:${record.customer_id as string}/${record.name.toLowerCase()}`);
    return keys;
  },
  async findExisting(context, keys) {
    const externalIds = keyValues(keys, 'externalId');
    const names = keyValues(keys, 'name');
    const rows = await existingBy(
      context,
      sql`select id, name as label, import_id, import_line, external_id, customer_id::text || '/' || lower(name) as name_key
            from opportunities
           where deleted_at is null
             and (external_id = any(${textArrayParam(externalIds)})
                  or customer_id::text || '/' || lower(name) = any(${textArrayParam(names)}))
             and (${context.organizationWide} or owner_id = ${context.actor.userId})`,
    );
    return rows.map((row) => ({
      ...row,
      keys: [
        ...(typeof row.external_id === 'string' ? [`externalId:${row.external_id}`] : []),
        `name:${String(row.name_key)}`,
      ],
    }));
  },
  async beforeCreate(context, batch, created) {
    await batch.customers.createReserved(new Set(created.map(({ record }) => record.customer_id as string)));
  },
  afterCreate: (context, batch, created) => writeHistory(context, batch, created),
};

/**
 * The history of new deals: the stage they entered when created (for a closed deal, the pipeline's first
 * open stage, then the move to won or lost on the close date), and their amount.
 */
async function writeHistory(context: WriteContext, batch: OpportunityBatch, created: Candidate[]) {
  const stages: Record<string, string | null>[] = [];
  const amounts: Record<string, string | null>[] = [];
  const firstOpen = new Map<string, string>();
  for (const pipeline of batch.pipelines.values()) {
    const open = pipeline.stages.find((stage) => stage.kind === 'open');
    if (open) firstOpen.set(pipeline.id, open.id);
  }
  for (const { record } of created) {
    const id = record.id as string;
    const createdAt = (record.created_at as string | null) ?? new Date().toISOString();
    const closed = record.status !== 'open';
    const start = closed
      ? (firstOpen.get(record.pipeline_id as string) ?? null)
      : (record.stage_id as string);
    const base = {
      tenant_id: context.job.tenantId,
      opportunity_id: id,
      by_user_id: context.actor.userId,
      via: 'import',
    };
    if (start)
      stages.push({
        ...base,
        id: uuidv7(),
        from_stage_id: null,
        to_stage_id: start,
        at: createdAt,
        lost_reason: null,
      });
    if (closed)
      stages.push({
        ...base,
        id: uuidv7(),
        from_stage_id: start,
        to_stage_id: record.stage_id as string,
        at: record.closed_at as string,
        lost_reason: (record.lost_reason as string | null) ?? null,
      });
    amounts.push({
      ...base,
      id: uuidv7(),
      from_amount: null,
      from_currency: null,
      to_amount: (record.amount as string | null) ?? '0',
      to_currency: record.currency as string,
      at: createdAt,
    });
  }
  await stageRows(
    context.tx,
    context.kind,
    stageName('opportunity_stage_history'),
    STAGE_HISTORY_COLUMNS,
    stages,
  );
  await stageRows(
    context.tx,
    context.kind,
    stageName('opportunity_amount_history'),
    AMOUNT_HISTORY_COLUMNS,
    amounts,
  );
  for (const [table, columns] of [
    ['opportunity_stage_history', STAGE_HISTORY_COLUMNS],
    ['opportunity_amount_history', AMOUNT_HISTORY_COLUMNS],
  ] as const) {
    const names = columns.map(([name]) => name).join(', ');
    await context.tx.execute(
      sql.raw(`insert into ${table} (${names}) select ${names} from ${stageName(table)}`),
    );
  }
}

export const opportunitiesWriter: ImportWriter = {
  table: spec.table,
  updatable: spec.updatable,
  write: (context, rows: PreparedRow[]) => writeRecords(context, rows, spec),
};
