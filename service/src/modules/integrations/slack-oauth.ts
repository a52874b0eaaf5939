/**
 * "Add to Slack": the OAuth v2 install of a multi-workspace Slack app. `GET /slack/install` (an Org
 * Admin, signed in) sends the browser to Slack with a state that names the organization and the admin,
 * signed with SLACK_STATE_SECRET and good for ten minutes; `GET /slack/oauth_redirect` checks that state,
 * exchanges the code (`oauth.v2.access`) for the workspace's bot token and binds the workspace to the
 * organization, exactly as the self-built-app binding does (token encrypted, audited). Reinstalling in
 * the same organization renews the token; a workspace bound to another organization stays there (409).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/audit.js';
import type { Config } from '../../core/config/config.js';
import { newId } from '../../core/db/columns.js';
import { queryRows, type Database } from '../../core/db/database.js';
import { inTenant } from '../../core/context/unit-of-work.js';
import { AppError } from '../../core/errors/app-error.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { safeEqual } from '../../core/identity/secrets.js';
import { sealToken } from './chat-secrets.js';

/** The bot scopes the install asks for (the manifest's). */
export const SLACK_BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'chat:write',
  'commands',
  'im:history',
  'im:read',
  'im:write',
  'links:read',
  'links:write',
  'users:read',
  'users:read.email',
];
const STATE_MINUTES = 10;

interface InstallState {
  tenantId: string;
  userId: string;
  expires: number;
  nonce: string;
}

function oauthSettings(config: Config) {
  const { clientId, clientSecret, stateSecret } = config.chat.slack;
  if (!clientId || !clientSecret || !stateSecret) {
    throw new AppError('service_unavailable', {
      message:
        'The Slack install is not configured (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET)',
    });
  }
  return { clientId, clientSecret, stateSecret, redirectUri: `${config.publicUrl}/slack/oauth_redirect` };
}

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

/** Where to send the admin's browser: Slack's consent page, with a signed state. */
export function installUrl(config: Config, actor: TenantActor): string {
  const settings = oauthSettings(config);
  const state: InstallState = {
    tenantId: actor.tenantId,
    userId: actor.userId,
    expires: Date.now() + STATE_MINUTES * 60_000,
    nonce: randomBytes(8).toString('base64url'),
  };
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  const authorize = new URL('https://slack.com/oauth/v2/authorize');
  authorize.search = new URLSearchParams({
    client_id: settings.clientId,
    scope: SLACK_BOT_SCOPES.join(','),
    redirect_uri: settings.redirectUri,
    state: `${payload}.${sign(settings.stateSecret, payload)}`,
  }).toString();
  return authorize.toString();
}

function readState(config: Config, state: string): InstallState {
  const settings = oauthSettings(config);
  const [payload, signature] = state.split('.');
  const problem = (message: string) =>
    new AppError('bad_request', { message, errors: [{ path: 'query.state', message }] });
  if (!payload || !signature || !safeEqual(signature, sign(settings.stateSecret, payload))) {
    throw problem('the install link is not one Closer made; start again from Closer');
  }
  const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as InstallState;
  if (parsed.expires < Date.now()) throw problem('the install link is over ten minutes old; start again');
  return parsed;
}

/** Finishes the install: the code for a bot token, and the workspace bound to the state's organization. */
export async function completeInstall(
  deps: { db: Database; config: Config },
  input: { code: string; state: string },
): Promise<{ teamName: string }> {
  const settings = oauthSettings(deps.config);
  const state = readState(deps.config, input.state);
  let answer: {
    ok?: boolean;
    error?: string;
    access_token?: string;
    bot_user_id?: string;
    team?: { id?: string; name?: string };
  };
  try {
    const response = await fetch(`${deps.config.chat.slack.apiUrl}oauth.v2.access`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        code: input.code,
        redirect_uri: settings.redirectUri,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    answer = (await response.json()) as typeof answer;
  } catch (error) {
    throw new AppError('slack_unreachable', { message: 'Slack could not be reached', cause: error });
  }
  if (!answer.ok || !answer.access_token || !answer.team?.id) {
    throw new AppError('slack_token_rejected', {
      message: `Slack did not complete the install (${answer.error ?? 'no bot token in its answer'})`,
    });
  }
  const team = { id: answer.team.id, name: answer.team.name ?? answer.team.id };
  const cipher = await sealToken(deps.config, answer.access_token);
  // The admin who started the install, for the audit log (their permissions were checked then).
  const actor: TenantActor = {
    userId: state.userId,
    email: '',
    name: '',
    tenantId: state.tenantId,
    membershipId: null,
    roleId: null,
    platformRole: null,
    permissions: new Set(),
    via: 'web',
    sessionId: null,
    apiKeyId: null,
  };
  // Bound elsewhere already: refuse before writing (row-level security hides the other organization's row).
  const [owner] = await deps.db.read<{ tenant_id: string }>(
    { tenantId: null, system: 'auth' },
    `select tenant_id from chat_workspaces where platform = 'slack' and external_id = $1`,
    [team.id],
  );
  if (owner && owner.tenant_id !== state.tenantId) {
    throw new AppError('duplicate', {
      message: `The Slack workspace ${team.name} is already connected to another organization`,
    });
  }
  await inTenant(deps.db, actor, async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into chat_workspaces (tenant_id, id, platform, external_id, name, bot_user_id, bot_token_cipher, created_by)
          values (${state.tenantId}, ${newId()}, 'slack', ${team.id}, ${team.name}, ${answer.bot_user_id ?? null},
                  ${cipher}, ${state.userId})
          on conflict (platform, external_id) do update
             set bot_token_cipher = excluded.bot_token_cipher, bot_user_id = excluded.bot_user_id,
                 name = excluded.name, updated_at = now()
          returning id`,
    );
    await recordAudit(tx, state.tenantId, {
      action: 'chat_workspace.installed',
      entityType: 'chat_workspace',
      entityId: row!.id,
      after: { platform: 'slack', externalId: team.id, name: team.name },
    });
  });
  return { teamName: team.name };
}
