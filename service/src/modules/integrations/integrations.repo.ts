import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../core/db/database.js';
import { chatLinks, chatWorkspaces, type ChatPlatform, type ChatWorkspace } from './integrations.tables.js';

export type WorkspaceRow = ChatWorkspace & { linkedMembers: number };

export async function insertWorkspace(
  tx: Tx,
  values: typeof chatWorkspaces.$inferInsert,
): Promise<ChatWorkspace> {
  const [row] = await tx.insert(chatWorkspaces).values(values).returning();
  return row!;
}

export function listWorkspaces(tx: Tx, platform: ChatPlatform): Promise<WorkspaceRow[]> {
  const linked = tx
    .select({ externalId: chatLinks.workspaceExternalId, members: count().as('members') })
    .from(chatLinks)
    .where(eq(chatLinks.platform, platform))
    .groupBy(chatLinks.workspaceExternalId)
    .as('linked');
  return tx
    .select({ ...workspaceColumns, linkedMembers: sql<number>`coalesce(${linked.members}, 0)::int` })
    .from(chatWorkspaces)
    .leftJoin(linked, eq(linked.externalId, chatWorkspaces.externalId))
    .where(eq(chatWorkspaces.platform, platform))
    .orderBy(desc(chatWorkspaces.createdAt));
}

const workspaceColumns = {
  tenantId: chatWorkspaces.tenantId,
  id: chatWorkspaces.id,
  platform: chatWorkspaces.platform,
  externalId: chatWorkspaces.externalId,
  name: chatWorkspaces.name,
  botUserId: chatWorkspaces.botUserId,
  botTokenCipher: chatWorkspaces.botTokenCipher,
  alertChannel: chatWorkspaces.alertChannel,
  createdBy: chatWorkspaces.createdBy,
  createdAt: chatWorkspaces.createdAt,
  updatedAt: chatWorkspaces.updatedAt,
};

/** Removes the workspace and its members' links; undefined when there was none on that platform. */
export async function deleteWorkspace(
  tx: Tx,
  platform: ChatPlatform,
  id: string,
): Promise<ChatWorkspace | undefined> {
  const [row] = await tx
    .delete(chatWorkspaces)
    .where(and(eq(chatWorkspaces.id, id), eq(chatWorkspaces.platform, platform)))
    .returning();
  if (row) {
    await tx
      .delete(chatLinks)
      .where(and(eq(chatLinks.platform, platform), eq(chatLinks.workspaceExternalId, row.externalId)));
  }
  return row;
}
