import { recordAudit } from '../../core/audit/audit.js';
import type { Config } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';
import type { CommandInput } from '../../core/module/module.js';
import { sealToken } from './chat-secrets.js';
import * as repo from './integrations.repo.js';
import type { WorkspaceRow } from './integrations.repo.js';
import type { ChatPlatform } from './integrations.tables.js';

type Command = CommandInput;

interface SlackIdentity {
  teamId: string;
  teamName: string;
  botUserId: string;
}

/**
 * Asks Slack (`auth.test`) who the token is: the workspace it belongs to and the bot's own user.
 * Undefined when Slack cannot be asked (no network, an error page): the binding then goes ahead
 * unverified, and the token proves itself on its first message. A token Slack refuses is a 422.
 */
async function slackIdentity(config: Config, botToken: string): Promise<SlackIdentity | undefined> {
  let answer: { ok?: boolean; error?: string; team_id?: string; team?: string; user_id?: string };
  try {
    const response = await fetch(`${config.chat.slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    answer = (await response.json()) as typeof answer;
  } catch {
    return undefined;
  }
  if (!answer.ok || !answer.team_id || !answer.user_id) {
    throw new AppError('slack_token_rejected', {
      message: `Slack did not accept the bot token (${answer.error ?? 'no team in its answer'})`,
      errors: [{ path: 'body.botToken', message: `Slack answered ${answer.error ?? 'without a team'}` }],
    });
  }
  return { teamId: answer.team_id, teamName: answer.team ?? answer.team_id, botUserId: answer.user_id };
}

/**
 * Binds a Slack workspace to the organization with a self-built app's bot token (the OAuth install
 * binds through the same insert). The token is checked with Slack where Slack can be asked
 * (unreachable: bound unverified, proving itself on its first message) and kept encrypted.
 */
export async function bindSlackWorkspace({
  actor,
  tx,
  config,
  teamId,
  botToken,
  alertChannel,
}: Command & {
  config: Config;
  teamId: string;
  botToken: string;
  alertChannel?: string;
}): Promise<WorkspaceRow> {
  const identity = await slackIdentity(config, botToken);
  if (identity && identity.teamId !== teamId) {
    throw new AppError('slack_token_rejected', {
      message: `That bot token belongs to workspace ${identity.teamId}, not ${teamId}`,
      errors: [{ path: 'body.teamId', message: `the token is for ${identity.teamId}` }],
    });
  }
  const row = await repo.insertWorkspace(tx, {
    tenantId: actor.tenantId,
    platform: 'slack',
    externalId: teamId,
    name: identity?.teamName ?? teamId,
    botUserId: identity?.botUserId ?? null,
    botTokenCipher: await sealToken(config, botToken),
    alertChannel: alertChannel ?? null,
    createdBy: actor.userId,
  });
  await audit(actor.tenantId, tx, 'chat_workspace.bound', row);
  return { ...row, linkedMembers: 0 };
}

/** Binds a Microsoft Entra tenant: messages from its users reach this organization. */
export async function bindTeamsTenant({
  actor,
  tx,
  tenantId,
  name,
}: Command & { tenantId: string; name?: string }): Promise<WorkspaceRow> {
  const row = await repo.insertWorkspace(tx, {
    tenantId: actor.tenantId,
    platform: 'teams',
    externalId: tenantId.toLowerCase(),
    name: name ?? `Microsoft Teams (${tenantId})`,
    createdBy: actor.userId,
  });
  await audit(actor.tenantId, tx, 'chat_workspace.bound', row);
  return { ...row, linkedMembers: 0 };
}

export function listWorkspaces({
  tx,
  platform,
}: Command & { platform: ChatPlatform }): Promise<WorkspaceRow[]> {
  return repo.listWorkspaces(tx, platform);
}

/** Unbinds a workspace; its members' links go with it. */
export async function unbindWorkspace({
  actor,
  tx,
  platform,
  id,
}: Command & { platform: ChatPlatform; id: string }): Promise<void> {
  const row = await repo.deleteWorkspace(tx, platform, id);
  if (!row) throw new AppError('not_found', { message: 'No such workspace' });
  await recordAudit(tx, actor.tenantId, {
    action: 'chat_workspace.unbound',
    entityType: 'chat_workspace',
    entityId: row.id,
    before: { platform: row.platform, externalId: row.externalId, name: row.name },
  });
}

function audit(
  tenantId: string,
  tx: Command['tx'],
  action: string,
  row: { id: string; platform: string; externalId: string; name: string; alertChannel: string | null },
) {
  return recordAudit(tx, tenantId, {
    action,
    entityType: 'chat_workspace',
    entityId: row.id,
    after: {
      platform: row.platform,
      externalId: row.externalId,
      name: row.name,
      alertChannel: row.alertChannel,
    },
  });
}
