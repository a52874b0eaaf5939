/**
 * Customer 360: everything that happened with a customer, newest first, in one list: interactions on it
 * or its deals (notes are interactions of type note), its deals' stage changes, and documents uploaded
 * to it, its deals or its contacts, and the tasks about it or its deals that the reader may see (a private
 * task only for its assignees, creator and their managers).
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../core/db/database.js';
import { visibleCustomer } from '../modules/customers/customers.commands.js';
import { AppError } from '../core/errors/app-error.js';
import { decodeCursor, encodeCursor } from '../core/http/cursor.js';
import type { Actor } from '../core/identity/actor.js';
import type { CommandInput } from '../core/module/module.js';
import { visibleWhere as taskVisibleWhere } from '../modules/tasks/tasks.policy.js';

export const timelineKinds = ['interaction', 'note', 'stage_change', 'document', 'task'] as const;

export const TimelineItem = z
  .object({
    kind: z.enum(timelineKinds),
    at: z.string().describe('When it happened (ISO 8601, UTC)'),
    id: z.uuid().describe('The interaction, stage change, document version or task'),
    title: z.string(),
    detail: z.string(),
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    refs: z.object({
      opportunityId: z.uuid().optional(),
      interactionId: z.uuid().optional(),
      documentId: z.uuid().optional(),
      taskId: z.uuid().optional(),
    }),
  })
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof TimelineItem>;

export const TimelinePage = z
  .object({
    items: z.array(TimelineItem).describe('Newest first'),
    nextCursor: z.string().nullable().describe('Pass as ?cursor= for older items; null on the last page'),
  })
  .meta({ id: 'TimelinePage' });
export type TimelinePage = z.infer<typeof TimelinePage>;

interface TimelineRow {
  kind: TimelineItem['kind'];
  /** Microsecond-exact text, so a cursor never skips rows sharing a millisecond. */
  at: string;
  id: string;
  title: string;
  detail: string | null;
  actor_id: string | null;
  actor_name: string | null;
  opportunity_id: string | null;
  interaction_id: string | null;
  document_id: string | null;
}

/*
 * The customer's own visibility rule (not in the trash, owner in the actor's record scope), written
 * here while the customers module was being built; its policy's `visibleWhere` should replace it.
 */
const AT = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Items strictly older than the cursor's (at, id), in each branch so every index scan stops early. */
const before = (cursor: [string, string] | undefined, at: SQL, id: SQL) =>
  cursor ? sql`and (${at}, ${id}) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)` : sql``;

/*
 * One branch per source, each reading at most `limit + 1` rows newest first from an index, then merged.
 * The tenant is named in every condition and join (RLS says the same) so the (tenant_id, ...) keys
 * are used by the application and by the same statement run bare alike.
 *   - interactions filed under the customer: interactions_customer_idx, in order;
 *   - interactions of the customer's deals filed under no or another customer (never twice): found
 *     index-only in interactions_opportunity_idx per deal (rare: a deal's interactions are its
 *     customer's unless the deal moved), then read by key;
 *   - the stage changes of the customer's deals: opportunity_stage_history_opportunity_idx per deal,
 *     the newest `limit + 1` picked before anything is joined to them;
 *   - documents of the customer, its deals and its contacts: documents_parent_idx;
 *   - tasks about the customer or its deals that the actor sees (the tasks module's `visibleWhere`):
 *     tasks_customer_idx and tasks_opportunity_idx, by creation.
 */
function timelineQuery(
  actor: Actor,
  tenantId: string,
  customerId: string,
  limit: number,
  cursor: [string, string] | undefined,
): SQL {
  const deals = sql`(select o.id from opportunities o
    where o.tenant_id = ${tenantId} and o.customer_id = ${customerId} and o.deleted_at is null)`;
  const contactsOf = sql`(select cc.contact_id from contact_customers cc
    join contacts p on p.tenant_id = cc.tenant_id and p.id = cc.contact_id
    where cc.tenant_id = ${tenantId} and cc.customer_id = ${customerId} and p.deleted_at is null)`;
  const interactionTitle = sql`case i.type when 'note' then 'Note' else initcap(i.type)
    || coalesce(' (' || i.direction || ')', '') || coalesce(' - ' || i.outcome, '') end`;
  const fetch = limit + 1;
  const interactionsWhere = (
    where: SQL,
  ) => sql`(select case when i.type = 'note' then 'note' else 'interaction' end as kind,
        ${AT(sql`i.occurred_at`)} as at, i.occurred_at as sort_at, i.id,
        ${interactionTitle} || coalesce(': ' || o.name, '') as title, i.summary as detail,
        i.owner_id as actor_id, u.name as actor_name,
        i.opportunity_id, i.id as interaction_id, null::uuid as document_id
      from interactions i
      left join opportunities o on o.tenant_id = i.tenant_id and o.id = i.opportunity_id
      left join users u on u.id = i.owner_id
      where i.tenant_id = ${tenantId} and i.deleted_at is null and ${where}
        ${before(cursor, sql`i.occurred_at`, sql`i.id`)}
      order by i.occurred_at desc, i.id desc limit ${fetch})`;
  return sql`select * from (
    ${interactionsWhere(sql`i.customer_id = ${customerId}`)}
    union all
    ${interactionsWhere(sql`i.id in (select x.id from interactions x
      where x.tenant_id = ${tenantId} and x.opportunity_id in ${deals}
        and (x.customer_id is null or x.customer_id <> ${customerId}))`)}
    union all
    (select 'stage_change', ${AT(sql`h.at`)}, h.at, h.id,
        o.name || ': ' || coalesce(f.name || ' -> ', '') || s.name,
        h.lost_reason, h.by_user_id, u.name, h.opportunity_id, null::uuid, null::uuid
      from (select h.* from opportunity_stage_history h
        where h.tenant_id = ${tenantId} and h.opportunity_id in ${deals}
          ${before(cursor, sql`h.at`, sql`h.id`)}
        order by h.at desc, h.id desc limit ${fetch}) h
      join opportunities o on o.tenant_id = h.tenant_id and o.id = h.opportunity_id
      join stages s on s.tenant_id = h.tenant_id and s.id = h.to_stage_id
      left join stages f on f.tenant_id = h.tenant_id and f.id = h.from_stage_id
      left join users u on u.id = h.by_user_id
      order by h.at desc, h.id desc)
    union all
    (select 'document', ${AT(sql`v.created_at`)}, v.created_at, v.id,
        case when v.number = 1 then 'Uploaded ' else 'Uploaded version ' || v.number || ' of ' end
          || v.file_name,
        v.content_type, v.uploaded_by, u.name,
        case when d.parent_type = 'opportunity' then d.parent_id end, null::uuid, d.id
      from documents d
      join document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
      left join users u on u.id = v.uploaded_by
      where d.tenant_id = ${tenantId} and d.deleted_at is null
        and ((d.parent_type = 'customer' and d.parent_id = ${customerId})
          or (d.parent_type = 'opportunity' and d.parent_id in ${deals})
          or (d.parent_type = 'contact' and d.parent_id in ${contactsOf}))
        ${before(cursor, sql`v.created_at`, sql`v.id`)}
      order by v.created_at desc, v.id desc limit ${fetch})
    union all
    (select 'task', ${AT(sql`tasks.created_at`)}, tasks.created_at, tasks.id,
        'Task: ' || tasks.title || ' (' || replace(tasks.status, '_', ' ') || ')',
        tasks.description, tasks.created_by, u.name, tasks.opportunity_id, null::uuid, null::uuid
      from tasks
      left join users u on u.id = tasks.created_by
      where tasks.tenant_id = ${tenantId}
        and (tasks.customer_id = ${customerId} or tasks.opportunity_id in ${deals})
        and ${taskVisibleWhere(actor) ?? sql`true`}
        ${before(cursor, sql`tasks.created_at`, sql`tasks.id`)}
      order by tasks.created_at desc, tasks.id desc limit ${fetch})
  ) timeline order by sort_at desc, id desc limit ${fetch}`;
}

function present(row: TimelineRow): TimelineItem {
  return {
    kind: row.kind,
    at: new Date(row.at).toISOString(),
    id: row.id,
    title: row.title,
    detail: row.detail ?? '',
    actorId: row.actor_id,
    actorName: row.actor_name,
    refs: {
      ...(row.opportunity_id && { opportunityId: row.opportunity_id }),
      ...(row.interaction_id && { interactionId: row.interaction_id }),
      ...(row.document_id && { documentId: row.document_id }),
      ...(row.kind === 'task' && { taskId: row.id }),
    },
  };
}

function parseCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, 2);
  const valid =
    typeof at === 'string' &&
    typeof id === 'string' &&
    !Number.isNaN(Date.parse(at)) &&
    /^[0-9a-f-]{36}$/i.test(id);
  if (!valid)
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  return [at, id];
}

/** A page of the customer's timeline, newest first; 404 unless the actor may see the customer. */
export async function customerTimeline({
  actor,
  tx,
  customerId,
  limit = 50,
  cursor,
}: CommandInput & {
  customerId: string;
  limit?: number;
  cursor?: string | undefined;
}): Promise<TimelinePage> {
  await visibleCustomer(tx, actor, customerId);
  const rows = await queryRows<TimelineRow>(
    tx,
    timelineQuery(actor, actor.tenantId, customerId, limit, parseCursor(cursor)),
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor([last.at, last.id]) : null,
  };
}
