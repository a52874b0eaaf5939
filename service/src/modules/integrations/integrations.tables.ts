import { foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from '../../core/db/columns.js';
import { tenants } from '../platform/platform.tables.js';

export const chatPlatforms = ['slack', 'teams'] as const;
export type ChatPlatform = (typeof chatPlatforms)[number];

/**
 * A Slack workspace or a Microsoft Teams (Entra) tenant bound to an organization. One workspace serves one
 * organization: its `external_id` (Slack team id, Entra tenant id) is unique across the installation, and
 * is how a message from the platform finds its organization before anything else is known.
 */
export const chatWorkspaces = pgTable(
  'chat_workspaces',
  {
    tenantId: tenantId(),
    id: id(),
    platform: text('platform', { enum: chatPlatforms }).notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    /** The bot's own user in the workspace (Slack), so it never answers itself. */
    botUserId: text('bot_user_id'),
    /** The bot token, AES-256-GCM under the installation's chat key (Slack; Teams uses the app's credentials). */
    botTokenCipher: text('bot_token_cipher'),
    /** Where deal alerts go (a Slack channel id), chosen by an admin. */
    alertChannel: text('alert_channel'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id], name: 'chat_workspaces_tenant_fk' }),
    uniqueIndex('chat_workspaces_external_key').on(t.platform, t.externalId),
  ],
);

/** How to reach a linked member without a message from them: a Slack DM channel, a Teams conversation reference. */
export type ChatAddress = { channel: string } | { reference: Record<string, unknown> };

/** A platform account linked to a member: who "U024BE7LH" in workspace "T0001" is in Closer. */
export const chatLinks = pgTable(
  'chat_links',
  {
    tenantId: tenantId(),
    id: id(),
    platform: text('platform', { enum: chatPlatforms }).notNull(),
    workspaceExternalId: text('workspace_external_id').notNull(),
    externalUserId: text('external_user_id').notNull(),
    userId: uuid('user_id').notNull(),
    address: jsonb('address').$type<ChatAddress>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id], name: 'chat_links_tenant_fk' }),
    uniqueIndex('chat_links_external_key').on(t.platform, t.workspaceExternalId, t.externalUserId),
    index('chat_links_user_idx').on(t.tenantId, t.userId, t.platform),
  ],
);

export type ChatWorkspace = typeof chatWorkspaces.$inferSelect;
export type ChatLink = typeof chatLinks.$inferSelect;
