/**
 * What every import writer shares: the context of a run, the outcome of a batch, and the lookups that
 * turn names in a file (owners, teams, customers) into ids. A writer takes one batch of prepared rows
 * and writes them set-based in the batch's transaction: staged, then moved with one statement per table.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../../../core/db/database.js';
import type { TenantActor } from '../../../core/identity/actor.js';
import type { Services } from '../../../core/module/module.js';
import type { ColumnPlan, PreparedRow, RowProblem } from '../import-rows.js';
import type { DuplicatePolicy, Import, ImportOptions } from '../imports.tables.js';

export interface WriteContext {
  tx: Tx;
  kind: Database['kind'];
  services: Pick<Services, 'queue' | 'config'>;
  actor: TenantActor;
  /** Whether the importer works for the whole organization (any owner) or only for themselves. */
  organizationWide: boolean;
  job: Pick<Import, 'id' | 'tenantId' | 'type' | 'dryRun'>;
  policy: DuplicatePolicy;
  options: ImportOptions;
  plan: ColumnPlan;
  members: Members;
  /**
   * Keys seen earlier in a dry run (which writes nothing, so the database cannot say): key -> line.
   * A real run finds earlier rows of the same file in the database, by their import id and line.
   */
  seen: Map<string, number>;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  skipped: number;
  /** Rows kept out by a problem. */
  failed: number;
  /** Problems and notes, for the report. */
  report: RowProblem[];
}

export interface ImportWriter {
  write(context: WriteContext, rows: PreparedRow[]): Promise<BatchOutcome>;
  /** The table of the records it writes and the columns it may update: what an undo restores. */
  table: string;
  updatable: readonly string[];
}

export const emptyOutcome = (): BatchOutcome => ({
  created: 0,
  updated: 0,
  skipped: 0,
  failed: 0,
  report: [],
});

/** The organization's active members by lower-cased email and by lower-cased full name (when unique). */
export interface Members {
  byEmail: Map<string, string>;
  byName: Map<string, string | null>;
}

export async function loadMembers(tx: Tx, tenantId: string): Promise<Members> {
  const rows = await queryRows<{ id: string; email: string; name: string }>(
    tx,
    sql`select u.id, u.email, u.name from memberships m join users u on u.id = m.user_id
         where m.tenant_id = ${tenantId} and m.status = 'active'`,
  );
  const byEmail = new Map<string, string>();
  const byName = new Map<string, string | null>();
  for (const row of rows) {
    byEmail.set(row.email.toLowerCase(), row.id);
    const name = row.name.trim().toLowerCase();
    byName.set(name, byName.has(name) ? null : row.id);
  }
  return { byEmail, byName };
}

/** A problem on `row` at `field`'s column. */
export function problemAt(
  context: Pick<WriteContext, 'plan'>,
  row: PreparedRow,
  field: string | null,
  message: string,
  value?: unknown,
): RowProblem {
  return {
    line: row.line,
    column: field === null ? null : context.plan.headerOf(field),
    value:
      value === undefined || value === null
        ? null
        : typeof value === 'string'
          ? value
          : JSON.stringify(value),
    message,
  };
}

/** A Salesforce user id (Data Loader exports OWNERID as one): 15 or 18 characters starting 005. */
const SALESFORCE_USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/**
 * The member a row names (an email, or a unique full name), else the importer. A rep importing for
 * themselves may only name themselves. A Salesforce user id cannot be matched: the importer owns the
 * record, and a note on the row says so. Returns a problem message when the member is unknown.
 */
export function memberOf(
  context: WriteContext,
  named: unknown,
  row?: PreparedRow,
  field = 'ownerEmail',
): { userId: string } | { problem: string } {
  if (typeof named !== 'string' || named === '') return { userId: context.actor.userId };
  if (SALESFORCE_USER_ID.test(named)) {
    row?.notes.push({
      line: row.line,
      column: context.plan.headerOf(field),
      value: named,
      message:
        'Note: a Salesforce user id, which Closer cannot match to a person: it is you (map a column of emails to keep the people)',
    });
    return { userId: context.actor.userId };
  }
  const key = named.toLowerCase();
  const userId = named.includes('@') ? context.members.byEmail.get(key) : context.members.byName.get(key);
  if (userId === undefined) return { problem: `no active member of the organization is ${named}` };
  if (userId === null) return { problem: `several members are named ${named}; use their email instead` };
  if (!context.organizationWide && userId !== context.actor.userId)
    return { problem: 'you may import only records you own: leave the owner empty or name yourself' };
  return { userId };
}

/** Finds duplicates within one batch by the keys of each row; the first row with a key wins. */
export class BatchKeys {
  private readonly lines = new Map<string, number>();
  /** The line and key of an earlier row with one of `keys`, or undefined (the keys are then `line`'s). */
  claim(
    keys: readonly string[],
    line: number,
    seen?: Map<string, number>,
  ): { line: number; key: string } | undefined {
    for (const key of keys) {
      const earlier = this.lines.get(key) ?? seen?.get(key);
      if (earlier !== undefined) return { line: earlier, key };
    }
    for (const key of keys) {
      this.lines.set(key, line);
      seen?.set(key, line);
    }
    return undefined;
  }
}

/** Counts a row kept out by its problems and reports them. */
export function reject(outcome: BatchOutcome, problems: RowProblem[]): void {
  outcome.failed++;
  outcome.report.push(...problems);
}
