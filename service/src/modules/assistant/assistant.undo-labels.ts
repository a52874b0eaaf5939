/**
 * What Undo says it took back, by name: "Undone: the call with Jane Doe and the task "proposal"." The
 * names are read from the records (before they are taken back), inside the tenant's transaction; a turn
 * only holds changes its member made.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { TurnChange } from './assistant.tables.js';

/** "a", "a and b", "a, b and c". */
const listed = (parts: string[]): string =>
  parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');

/** A deal as replies name it: "the deal with Globex" when it has the name given by default, else by its name. */
const dealNamed = (name: string, customer: string | undefined): string =>
  customer && name === `${customer} deal` ? `the deal with ${customer}` : `the deal ${name}`;

async function nameOf(tx: Tx, query: ReturnType<typeof sql>): Promise<string | undefined> {
  const [row] = await queryRows<{ name: string | null }>(tx, query);
  return row?.name ?? undefined;
}

async function interactionLabel(tx: Tx, id: string): Promise<string | undefined> {
  const [row] = await queryRows<{ type: string; who: string | null }>(
    tx,
    sql`select i.type, coalesce(
          (select c.name from interaction_participants p
             join contacts c on c.tenant_id = p.tenant_id and c.id = p.participant_id
            where p.tenant_id = i.tenant_id and p.interaction_id = i.id and p.kind = 'contact'
            order by c.name limit 1),
          (select cu.name from customers cu where cu.tenant_id = i.tenant_id and cu.id = i.customer_id)) as who
        from interactions i where i.id = ${id}`,
  );
  return row && `the ${row.type}${row.who ? ` with ${row.who}` : ''}`;
}

async function dealLabel(tx: Tx, id: string): Promise<string | undefined> {
  const [row] = await queryRows<{ name: string; customer: string | null }>(
    tx,
    sql`select o.name, cu.name as customer from opportunities o
          left join customers cu on cu.tenant_id = o.tenant_id and cu.id = o.customer_id
         where o.id = ${id}`,
  );
  return row && dealNamed(row.name, row.customer ?? undefined);
}

/** How one change reads in "Undone: ...". */
async function changeLabel(tx: Tx, change: TurnChange): Promise<string | undefined> {
  const taskTitle = () => nameOf(tx, sql`select title as name from tasks where id = ${change.id}`);
  switch (change.kind) {
    case 'interaction':
      return interactionLabel(tx, change.id);
    case 'contact': {
      const name = await nameOf(tx, sql`select name from contacts where id = ${change.id}`);
      return name && `the contact ${name}`;
    }
    case 'task': {
      const title = await taskTitle();
      return title && `the task "${title}"`;
    }
    case 'task_fields': {
      const title = await taskTitle();
      return title && `the change to "${title}"`;
    }
    case 'task_status': {
      const title = await taskTitle();
      return title && `marking "${title}" done`;
    }
    case 'goal': {
      const name = await nameOf(tx, sql`select name from goals where id = ${change.id}`);
      return name && `the goal "${name}"`;
    }
    case 'new_opportunity':
      return dealLabel(tx, change.id);
    case 'opportunity': {
      const name = await nameOf(tx, sql`select name from opportunities where id = ${change.id}`);
      return name && `the change to ${name}`;
    }
  }
}

/** "Undone: the call with Jane Doe and the task "proposal"." for a turn's changes, in the order made. */
export async function undoneSentence(tx: Tx, changes: TurnChange[]): Promise<string> {
  const labels: string[] = [];
  for (const change of changes) labels.push((await changeLabel(tx, change)) ?? 'a change');
  return labels.length ? `Undone: ${listed(labels)}.` : 'Undone: nothing had changed.';
}
