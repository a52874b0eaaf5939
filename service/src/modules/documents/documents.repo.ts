import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { userInScope } from '../../core/identity/record-scope.js';
import { notDeleted } from './documents.policy.js';
import {
  documents,
  documentVersions,
  type Document,
  type DocumentParentType,
  type DocumentVersion,
} from './documents.tables.js';

type Scoped = Pick<Actor, 'permissions' | 'userId'>;

/** The actor's record scope on an owner column, or no condition (the whole organization). */
const inScope = (actor: Scoped, ownerColumn: SQL): SQL => userInScope(actor, ownerColumn) ?? sql`true`;

/*
 * Whether the actor may see a document's record: the record's own rule (not in the trash, owner in the
 * actor's record scope), one statement per kind of record. These mirror the customers, contacts,
 * opportunities and interactions policies, written here while those modules were being built; when
 * their `visibleWhere` exists, these should call it instead.
 */
const PARENT_VISIBLE: Record<DocumentParentType, (actor: Scoped, id: string) => SQL> = {
  customer: (actor, id) => sql`select exists (select 1 from customers c
    where c.id = ${id} and c.deleted_at is null and ${inScope(actor, sql`c.owner_id`)}) as visible`,
  contact: (actor, id) => sql`select exists (select 1 from contacts p
    where p.id = ${id} and p.deleted_at is null and ${inScope(actor, sql`p.owner_id`)}) as visible`,
  opportunity: (actor, id) => sql`select exists (select 1 from opportunities o
    where o.id = ${id} and o.deleted_at is null and ${inScope(actor, sql`o.owner_id`)}) as visible`,
  // An interaction is visible when it is the actor's (in scope), or when its customer or deal is.
  interaction: (actor, id) => sql`select exists (select 1 from interactions i
    where i.id = ${id} and i.deleted_at is null and (
      ${inScope(actor, sql`i.owner_id`)}
      or exists (select 1 from customers c where c.id = i.customer_id and c.deleted_at is null
        and ${inScope(actor, sql`c.owner_id`)})
      or exists (select 1 from opportunities o where o.id = i.opportunity_id and o.deleted_at is null
        and ${inScope(actor, sql`o.owner_id`)}))) as visible`,
};

export async function isParentVisible(
  tx: Tx,
  actor: Scoped,
  parent: { parentType: DocumentParentType; parentId: string },
): Promise<boolean> {
  const [row] = await queryRows<{ visible: boolean }>(
    tx,
    PARENT_VISIBLE[parent.parentType](actor, parent.parentId),
  );
  return row?.visible === true;
}

/** A document not in the trash (its record's visibility is the caller's to check). */
export async function findDocument(tx: Tx, id: string): Promise<Document | undefined> {
  const [document] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), notDeleted()))
    .limit(1);
  return document;
}

/** The record's documents not in the trash, newest first, `limit + 1` from after `afterId`. */
export function listDocuments(
  tx: Tx,
  input: { parentType: DocumentParentType; parentId: string; limit: number; afterId?: string | undefined },
): Promise<Document[]> {
  return tx
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.parentType, input.parentType),
        eq(documents.parentId, input.parentId),
        notDeleted(),
        input.afterId ? lt(documents.id, input.afterId) : undefined,
      ),
    )
    .orderBy(desc(documents.id))
    .limit(input.limit + 1);
}

/** Every version of each document, newest first. */
export async function versionsOf(tx: Tx, documentIds: string[]): Promise<Map<string, DocumentVersion[]>> {
  const byDocument = new Map<string, DocumentVersion[]>();
  if (!documentIds.length) return byDocument;
  const rows = await tx
    .select()
    .from(documentVersions)
    .where(inArray(documentVersions.documentId, documentIds))
    .orderBy(desc(documentVersions.number));
  for (const row of rows) byDocument.set(row.documentId, [...(byDocument.get(row.documentId) ?? []), row]);
  return byDocument;
}

export async function findVersion(
  tx: Tx,
  documentId: string,
  number: number,
): Promise<DocumentVersion | undefined> {
  const [version] = await tx
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.number, number)))
    .limit(1);
  return version;
}

export async function insertDocument(tx: Tx, values: typeof documents.$inferInsert): Promise<Document> {
  const [document] = await tx.insert(documents).values(values).returning();
  return document!;
}

/** Makes the next version number current, in one statement (concurrent uploads queue on the row). */
export async function nextVersion(
  tx: Tx,
  input: { id: string; name: string },
): Promise<Document | undefined> {
  const [document] = await tx
    .update(documents)
    .set({
      currentVersion: sql`${documents.currentVersion} + 1`,
      name: input.name,
      version: sql`${documents.version} + 1`,
    })
    .where(and(eq(documents.id, input.id), notDeleted()))
    .returning();
  return document;
}

export async function insertVersion(
  tx: Tx,
  values: typeof documentVersions.$inferInsert,
): Promise<DocumentVersion> {
  const [version] = await tx.insert(documentVersions).values(values).returning();
  return version!;
}

export async function softDeleteDocument(
  tx: Tx,
  input: { id: string; deletedBy: string },
): Promise<Document | undefined> {
  const [document] = await tx
    .update(documents)
    .set({ deletedAt: new Date(), deletedBy: input.deletedBy, version: sql`${documents.version} + 1` })
    .where(and(eq(documents.id, input.id), notDeleted()))
    .returning();
  return document;
}
