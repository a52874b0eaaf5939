import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { visibleWhere } from './imports.policy.js';
import {
  importErrors,
  importMappings,
  imports,
  type Import,
  type ImportStatus,
  type ImportType,
} from './imports.tables.js';

export async function insertImport(tx: Tx, values: typeof imports.$inferInsert): Promise<Import> {
  const [created] = await tx.insert(imports).values(values).returning();
  return created!;
}

/** An import the actor sees, optionally locked for a change. */
export async function findVisible(
  tx: Tx,
  actor: Pick<Actor, 'permissions' | 'userId'>,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Import | undefined> {
  const query = tx
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), visibleWhere(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export interface ImportFilter {
  limit: number;
  after?: [string, string] | undefined;
  status?: ImportStatus | undefined;
  type?: ImportType | undefined;
}

/** Newest first. */
export function listVisible(tx: Tx, actor: Pick<Actor, 'permissions' | 'userId'>, filter: ImportFilter) {
  const conditions: (SQL | undefined)[] = [visibleWhere(actor)];
  if (filter.status) conditions.push(eq(imports.status, filter.status));
  if (filter.type) conditions.push(eq(imports.type, filter.type));
  if (filter.after) {
    const [createdAt, id] = filter.after;
    const at = new Date(createdAt);
    conditions.push(or(lt(imports.createdAt, at), and(eq(imports.createdAt, at), lt(imports.id, id))));
  }
  return tx
    .select()
    .from(imports)
    .where(and(...conditions))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(filter.limit + 1);
}

export async function updateImport(
  tx: Tx,
  id: string,
  values: Partial<typeof imports.$inferInsert>,
): Promise<Import> {
  const [row] = await tx.update(imports).set(values).where(eq(imports.id, id)).returning();
  return row!;
}

/** A page of an import's report, in report order. */
export function errorPage(tx: Tx, importId: string, afterSeq: number, limit: number) {
  return tx
    .select()
    .from(importErrors)
    .where(and(eq(importErrors.importId, importId), gt(importErrors.seq, afterSeq)))
    .orderBy(asc(importErrors.seq))
    .limit(limit);
}

export function listMappings(tx: Tx, type: ImportType | undefined) {
  return tx
    .select()
    .from(importMappings)
    .where(type ? eq(importMappings.type, type) : undefined)
    .orderBy(asc(sql`lower(${importMappings.name})`), asc(importMappings.id));
}

export async function findMapping(tx: Tx, id: string) {
  const [row] = await tx.select().from(importMappings).where(eq(importMappings.id, id));
  return row;
}

export async function insertMapping(tx: Tx, values: typeof importMappings.$inferInsert) {
  const [row] = await tx.insert(importMappings).values(values).returning();
  return row!;
}

/** Replaces the mapping of the same name and type, so saving again updates it. */
export async function findMappingByName(tx: Tx, type: ImportType, name: string) {
  const [row] = await tx
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.type, type), sql`lower(${importMappings.name}) = lower(${name})`));
  return row;
}

export async function updateMapping(tx: Tx, id: string, values: Partial<typeof importMappings.$inferInsert>) {
  const [row] = await tx.update(importMappings).set(values).where(eq(importMappings.id, id)).returning();
  return row!;
}

export async function deleteMapping(tx: Tx, id: string): Promise<void> {
  await tx.delete(importMappings).where(eq(importMappings.id, id));
}

/** Imports whose run stopped beating (its process died): to be taken over. */
export async function staleRuns(
  tx: Tx,
  leaseSeconds: number,
): Promise<{ tenant_id: string; id: string; status: ImportStatus }[]> {
  return queryRows(
    tx,
    sql`select tenant_id, id, status from imports
         where (status = 'running' and heartbeat_at < now() - make_interval(secs => ${leaseSeconds}))
            or (status = 'undoing' and updated_at < now() - make_interval(secs => ${leaseSeconds}))
         limit 100`,
  );
}
