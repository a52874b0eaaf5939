/**
 * The chat directory: what the bots (`bots/`) get from the service, through the composition root. It
 * finds the organization behind a Slack workspace or a Teams tenant, the member behind a platform
 * account (linking one by its verified email), and runs the assistant as that member with `via: slack`
 * or `via: teams`, in one tenant transaction per message, exactly as the web console does. Failures come
 * back as replies phrased by `toChatReply`, never as stack traces.
 */
import { sql } from 'drizzle-orm';
import { permissionsOf } from '../../core/auth/callers.js';
import { newId } from '../../core/db/columns.js';
import type { Config } from '../../core/config/config.js';
import { queryRows, type Database } from '../../core/db/database.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { inTenant } from '../../core/context/unit-of-work.js';
import type { Logger } from '../../core/logger.js';
import { toChatReply } from '../../errors.js';
import { customerSummary, dealStatus } from '../assistant/assistant.answers.js';
import { act, converse, type AssistantReply, type ReplyAction } from '../assistant/assistant.commands.js';
import { openToken } from './chat-secrets.js';
import type { ChatAddress, ChatPlatform } from './integrations.tables.js';

const AUTH_SCOPE = { tenantId: null, system: 'auth' } as const;

export interface ChatWorkspaceInfo {
  tenantId: string;
  platform: ChatPlatform;
  externalId: string;
  name: string;
  botToken: string | undefined;
  botUserId: string | null;
  alertChannel: string | null;
}

/** A platform account: who wrote, in which workspace. */
export interface ChatAccount {
  platform: ChatPlatform;
  workspaceId: string;
  externalUserId: string;
}

/** A linked member, as the bots hold it between calls: enough to act as them again. */
export interface ChatMember {
  tenantId: string;
  userId: string;
  name: string;
  account: ChatAccount;
}

export interface ChatDirectory {
  publicUrl: string;
  workspace(platform: ChatPlatform, externalId: string): Promise<ChatWorkspaceInfo | undefined>;
  /** The linked, active member behind an account; undefined when not linked (or no longer a member). */
  member(account: ChatAccount): Promise<ChatMember | undefined>;
  /**
   * Links the account to the workspace organization's active member with this (platform-verified)
   * email; undefined when there is none. Keeps `address` for notifications.
   */
  link(account: ChatAccount, email: string, address?: ChatAddress): Promise<ChatMember | undefined>;
  /** Keeps where to reach a linked member (a Slack DM channel, a Teams conversation reference). */
  remember(member: ChatMember, address: ChatAddress): Promise<void>;
  say(member: ChatMember, text: string, conversation: string): Promise<AssistantReply>;
  press(member: ChatMember, turnId: string, action: ReplyAction['action']): Promise<AssistantReply>;
  /** What a link to a Closer record shows the member (nothing when it is not theirs to see). */
  unfurl(member: ChatMember, url: string): Promise<{ title: string; text: string } | undefined>;
  /** Where a member can be reached on a platform (one per linked account). */
  addressesOf(
    tenantId: string,
    userId: string,
    platform: ChatPlatform,
  ): Promise<{ workspace: ChatWorkspaceInfo; externalUserId: string; address: ChatAddress | null }[]>;
}

interface MemberRow {
  tenant_id: string;
  user_id: string;
  email: string;
  name: string;
  membership_id: string;
  role_id: string;
  permissions: string[];
}

/** A linked account's member, usable only while user, membership and organization are all active. */
const CHAT_MEMBER = `
select l.tenant_id, u.id as user_id, u.email, u.name, m.id as membership_id, r.id as role_id, r.permissions
  from chat_links l
  join chat_workspaces w on w.tenant_id = l.tenant_id and w.platform = l.platform
                        and w.external_id = l.workspace_external_id
  join users u on u.id = l.user_id and u.status = 'active'
  join memberships m on m.tenant_id = l.tenant_id and m.user_id = l.user_id and m.status = 'active'
  join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
  join tenants t on t.id = l.tenant_id and t.status = 'active'
 where l.platform = $1 and l.workspace_external_id = $2 and l.external_user_id = $3
 limit 1`;

/** The workspace organization's active member with this email. */
const MEMBER_BY_EMAIL = `
select m.tenant_id, u.id as user_id, u.email, u.name, m.id as membership_id, r.id as role_id, r.permissions
  from users u
  join memberships m on m.user_id = u.id and m.tenant_id = $1 and m.status = 'active'
  join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id
  join tenants t on t.id = m.tenant_id and t.status = 'active'
 where lower(u.email) = lower($2) and u.status = 'active'
 limit 1`;

interface WorkspaceRow {
  tenant_id: string;
  platform: ChatPlatform;
  external_id: string;
  name: string;
  bot_token_cipher: string | null;
  bot_user_id: string | null;
  alert_channel: string | null;
}

export function createChatDirectory(deps: { db: Database; config: Config; logger: Logger }): ChatDirectory {
  const { db, config } = deps;

  function actorOf(row: MemberRow, platform: ChatPlatform): TenantActor {
    return {
      userId: row.user_id,
      email: row.email,
      name: row.name,
      tenantId: row.tenant_id,
      membershipId: row.membership_id,
      roleId: row.role_id,
      platformRole: null,
      permissions: permissionsOf(null, row.permissions),
      via: platform,
      sessionId: null,
      apiKeyId: null,
    };
  }

  function memberOf(row: MemberRow, account: ChatAccount): ChatMember {
    return { tenantId: row.tenant_id, userId: row.user_id, name: row.name, account };
  }

  async function workspaceOf(row: WorkspaceRow): Promise<ChatWorkspaceInfo> {
    return {
      tenantId: row.tenant_id,
      platform: row.platform,
      externalId: row.external_id,
      name: row.name,
      botToken: row.bot_token_cipher ? await openToken(config, row.bot_token_cipher) : undefined,
      botUserId: row.bot_user_id,
      alertChannel: row.alert_channel,
    };
  }

  async function linkedRow(account: ChatAccount): Promise<MemberRow | undefined> {
    const [row] = await db.read<MemberRow>(AUTH_SCOPE, CHAT_MEMBER, [
      account.platform,
      account.workspaceId,
      account.externalUserId,
    ]);
    return row;
  }

  async function member(account: ChatAccount): Promise<ChatMember | undefined> {
    const row = await linkedRow(account);
    return row ? memberOf(row, account) : undefined;
  }

  /** The member's actor as of this message: resolved again, so a revoked membership stops at once. */
  async function actorFor(chatMember: ChatMember): Promise<TenantActor | undefined> {
    const row = await linkedRow(chatMember.account);
    return row ? actorOf(row, chatMember.account.platform) : undefined;
  }

  async function asMember(
    chatMember: ChatMember,
    work: (actor: TenantActor) => Promise<AssistantReply>,
  ): Promise<AssistantReply> {
    try {
      const actor = await actorFor(chatMember);
      if (!actor) {
        return problem('Your Closer account is no longer linked to this chat; write to me again to link it.');
      }
      return await work(actor);
    } catch (error) {
      const reply = toChatReply(error);
      if (reply.code === 'internal') deps.logger.error({ err: error }, 'assistant failed in chat');
      return problem(reply.sentence);
    }
  }

  return {
    publicUrl: config.publicUrl,
    async workspace(platform, externalId) {
      const [row] = await db.read<WorkspaceRow>(
        AUTH_SCOPE,
        `select tenant_id, platform, external_id, name, bot_token_cipher, bot_user_id, alert_channel
           from chat_workspaces where platform = $1 and external_id = $2 limit 1`,
        [platform, externalId],
      );
      return row ? workspaceOf(row) : undefined;
    },
    member,
    async link(account, email, address) {
      const workspace = await this.workspace(account.platform, account.workspaceId);
      if (!workspace) return undefined;
      const [row] = await db.read<MemberRow>(AUTH_SCOPE, MEMBER_BY_EMAIL, [workspace.tenantId, email]);
      if (!row) return undefined;
      await db.transaction({ tenantId: workspace.tenantId }, (tx) =>
        tx.execute(sql`
          insert into chat_links (tenant_id, id, platform, workspace_external_id, external_user_id, user_id, address)
          values (${workspace.tenantId}, ${newId()}, ${account.platform}, ${account.workspaceId},
                  ${account.externalUserId}, ${row.user_id}, ${address ? JSON.stringify(address) : null}::jsonb)
          on conflict (platform, workspace_external_id, external_user_id)
          do update set user_id = excluded.user_id, address = coalesce(excluded.address, chat_links.address),
                        updated_at = now()`),
      );
      return memberOf(row, account);
    },
    async remember(chatMember, address) {
      await db.transaction({ tenantId: chatMember.tenantId }, (tx) =>
        tx.execute(sql`
          update chat_links set address = ${JSON.stringify(address)}::jsonb, updated_at = now()
           where platform = ${chatMember.account.platform}
             and workspace_external_id = ${chatMember.account.workspaceId}
             and external_user_id = ${chatMember.account.externalUserId}
             and address is distinct from ${JSON.stringify(address)}::jsonb`),
      );
    },
    say: (chatMember, text, conversation) =>
      asMember(chatMember, (actor) =>
        inTenant(db, actor, (tx) => converse({ actor, tx, text, conversation })),
      ),
    press: (chatMember, turnId, action) =>
      asMember(chatMember, (actor) => inTenant(db, actor, (tx) => act({ actor, tx, turnId, action }))),
    async unfurl(chatMember, url) {
      const path = url.startsWith(config.publicUrl) ? url.slice(config.publicUrl.length) : undefined;
      const match = path ? /^\/(opportunities|customers)\/([0-9a-f-]{36})(?:[/?#]|$)/.exec(path) : null;
      if (!match) return undefined;
      const actor = await actorFor(chatMember);
      if (!actor) return undefined;
      const [, kind, id] = match as unknown as [string, 'opportunities' | 'customers', string];
      const lines = await inTenant(
        db,
        actor,
        (tx) =>
          kind === 'opportunities'
            ? dealStatus(actor, tx, { opportunityId: id })
            : customerSummary(actor, tx, id),
        { readOnly: true },
      );
      const [line] = lines;
      if (!line || line.kind !== 'answer' || !line.link) return undefined;
      const [title, ...rest] = line.text.split(': ');
      return { title: title ?? line.text, text: rest.join(': ') || line.text };
    },
    async addressesOf(tenantId, userId, platform) {
      const rows = await db.transaction({ tenantId }, (tx) =>
        queryRows<WorkspaceRow & { external_user_id: string; address: ChatAddress | null }>(
          tx,
          sql`select w.tenant_id, w.platform, w.external_id, w.name, w.bot_token_cipher, w.bot_user_id,
                     w.alert_channel, l.external_user_id, l.address
                from chat_links l
                join chat_workspaces w on w.tenant_id = l.tenant_id and w.platform = l.platform
                                      and w.external_id = l.workspace_external_id
               where l.user_id = ${userId} and l.platform = ${platform}`,
        ),
      );
      return Promise.all(
        rows.map(async (row) => ({
          workspace: await workspaceOf(row),
          externalUserId: row.external_user_id,
          address: row.address,
        })),
      );
    },
  };
}

function problem(text: string): AssistantReply {
  return { turnId: null, text, lines: [{ kind: 'problem', text }], actions: [] };
}
