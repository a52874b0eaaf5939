import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../core/db/database.js';
import type { Actor } from '../../core/identity/actor.js';
import { visibleWhere as contactVisibleWhere } from '../contacts/contacts.policy.js';
import { contacts } from '../contacts/contacts.tables.js';
import { visibleWhere as customerVisibleWhere } from '../customers/customers.policy.js';
import { customers } from '../customers/customers.tables.js';
import { visibleWhere as interactionVisibleWhere } from '../interactions/interactions.policy.js';
import { interactions } from '../interactions/interactions.tables.js';
import { visibleWhere as opportunityVisibleWhere } from '../opportunities/opportunities.policy.js';
import { opportunities } from '../opportunities/opportunities.tables.js';
import { taskIsVisible } from '../tasks/tasks.policy.js';
import { notDeleted } from './documents.policy.js';
import {
  documents,
  documentVersions,
  type Document,
  type DocumentParentType,
  type DocumentVersion,
} from './documents.tables.js';

type Scoped = Actor;

/**
 * Whether the actor may see a document's record: that kind's own `visibleWhere` (the one the module's
 * routes use), so a document is exactly as visible as what it is attached to.
 */
const PARENT_VISIBLE: Record<DocumentParentType, (actor: Scoped, id: string) => SQL> = {
  customer: (actor, id) =>
    sql`select exists (select 1 from ${customers} where ${customers.id} = ${id} and ${
      customerVisibleWhere(actor) ?? sql`true`
    }) as visible`,
  contact: (actor, id) =>
    sql`select exists (select 1 from ${contacts} where ${contacts.id} = ${id} and ${
      contactVisibleWhere(actor) ?? sql`true`
    }) as visible`,
  opportunity: (actor, id) =>
    sql`select exists (select 1 from ${opportunities} where ${opportunities.id} = ${id} and ${
      opportunityVisibleWhere(actor) ?? sql`true`
    }) as visible`,
  interaction: (actor, id) =>
    sql`select exists (select 1 from ${interactions} where ${interactions.id} = ${id} and ${
      interactionVisibleWhere(actor) ?? sql`true`
    }) as visible`,
  task: (actor, id) => sql`select ${taskIsVisible(actor, sql`${id}::uuid`)} as visible`,
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
