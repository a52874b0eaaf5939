/**
 * The Microsoft Teams bot: botbuilder's CloudAdapter at `POST /api/messages`. Every activity's JWT is
 * checked by botbuilder against the Bot Framework's OpenID metadata (issuer, audience = our app id,
 * signing key and its `msteams` endorsement, the `serviceurl` claim); anything else is a 401 and nothing
 * runs. Replies and proactive notifications get their token by the OAuth client-credentials grant at
 * the configured token endpoint (Microsoft's by default), retried on throttling (429, 412, 502, 504).
 *
 * The organization is the one bound to the activity's Entra tenant; the person is linked by AAD object id
 * and the email `TeamsInfo` gives. Personal chat and channel @mentions reach the assistant; replies are
 * Adaptive Cards whose buttons are `Action.Execute`, answered by refreshing the card in place.
 */
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type InvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import { CallerIdConstants } from 'botframework-schema';
import {
  notice,
  SENTENCES,
  type Account,
  type ChatDirectory,
  type ChatNotification,
  type Member,
  type Reply,
  type ReplyActionName,
} from '../core/directory.js';
import type { BotLogger, HttpAnswer } from '../core/http.js';
import { notificationToCard, toAdaptiveCard, type AdaptiveCard } from '../core/render.js';

export interface TeamsSettings {
  appId: string | undefined;
  appPassword: string | undefined;
  appType: 'MultiTenant' | 'SingleTenant';
  appTenantId: string | undefined;
  openIdMetadataUrl: string | undefined;
  tokenUrl: string | undefined;
}

export interface TeamsBot {
  /** `POST /api/messages`: the parsed activity and its headers. */
  handle(request: {
    headers: Record<string, string | string[] | undefined>;
    body: unknown;
  }): Promise<HttpAnswer>;
  channel: {
    platform: 'teams';
    deliverToChat(
      user: { tenantId: string; userId: string },
      message: ChatNotification,
    ): Promise<'sent' | 'not_linked'>;
  };
}

const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
const RETRIED_STATUSES = new Set([412, 429, 502, 504]);

/**
 * Tokens for the Bot Connector by the OAuth client-credentials grant, cached until shortly before they
 * expire. (botbuilder's default goes through MSAL, which insists on Microsoft's own https authority.)
 */
class ClientCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly settings: TeamsSettings,
    private readonly tokenUrl: string,
  ) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return Promise.resolve(appId === this.settings.appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return Promise.resolve(false);
  }

  createCredentials(_appId: string, audience: string | undefined) {
    const scope = `${audience ?? BOT_FRAMEWORK_SCOPE}/.default`;
    return Promise.resolve({
      signRequest: async <R extends { headers: { set(name: string, value: string): void } }>(request: R) => {
        request.headers.set('authorization', `Bearer ${await this.token(scope)}`);
        return request;
      },
    });
  }

  private async token(scope: string): Promise<string> {
    const cached = this.tokens.get(scope);
    if (cached && cached.until > Date.now()) return cached.token;
    const response = await withRetries(() =>
      fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.settings.appId ?? '',
          client_secret: this.settings.appPassword ?? '',
          scope,
        }),
        signal: AbortSignal.timeout(10_000),
      }),
    );
    if (!response.ok) throw new Error(`the token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('the token endpoint gave no access_token');
    const lifetime = Math.max(60, (body.expires_in ?? 3600) - 300) * 1000;
    this.tokens.set(scope, { token: body.access_token, until: Date.now() + lifetime });
    return body.access_token;
  }
}

/** Retries Microsoft's throttling and transient answers with exponential backoff (Retry-After wins). */
async function withRetries(call: () => Promise<Response>, attempts = 4): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await call();
    if (!RETRIED_STATUSES.has(response.status) || attempt >= attempts) return response;
    const retryAfter = Number(response.headers.get('retry-after'));
    const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** attempt;
    await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 10_000)));
  }
}

/** The adapter with its turn runner open to us: authentication is ours to answer (every failure a 401). */
class CloserAdapter extends CloudAdapter {
  run(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

export function createTeamsBot(options: {
  directory: ChatDirectory;
  settings: TeamsSettings;
  logger: BotLogger;
}): TeamsBot {
  const { directory, settings, logger } = options;
  const tenantPath =
    settings.appType === 'SingleTenant' ? (settings.appTenantId ?? 'botframework.com') : 'botframework.com';
  const tokenUrl = settings.tokenUrl ?? `https://login.microsoftonline.com/${tenantPath}/oauth2/v2.0/token`;
  const authentication = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppPassword: settings.appPassword,
      MicrosoftAppType: settings.appType,
      MicrosoftAppTenantId: settings.appTenantId,
      // Microsoft's public cloud, with the signing keys' address overridable: botbuilder takes the whole
      // set as given once one of them is set, so every one is spelled out.
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: tokenUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl:
        settings.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    },
    new ClientCredentialsFactory(settings, tokenUrl),
  );
  const adapter = new CloserAdapter(authentication);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error }, 'teams turn failed');
    await context
      .sendActivity('Something went wrong on my side; nothing was changed by this message.')
      .catch(() => undefined);
  };

  /** The member behind the activity's sender, linking them by AAD object id and email the first time. */
  async function memberOf(context: TurnContext): Promise<Member | { email: string | undefined } | undefined> {
    const activity = context.activity;
    const tenant =
      (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
      activity.conversation.tenantId;
    const aadObjectId = activity.from.aadObjectId;
    if (!tenant || !aadObjectId) return { email: undefined };
    const workspace = await directory.workspace('teams', tenant.toLowerCase());
    if (!workspace) return undefined;
    const account: Account = {
      platform: 'teams',
      workspaceId: workspace.externalId,
      externalUserId: aadObjectId,
    };
    const personal = activity.conversation.conversationType === 'personal';
    const address = personal
      ? { reference: TurnContext.getConversationReference(activity) as Record<string, unknown> }
      : undefined;
    const known = await directory.member(account);
    if (known) {
      if (address) await directory.remember(known, address);
      return known;
    }
    const profile = await TeamsInfo.getMember(context, activity.from.id).catch((error: unknown) => {
      logger.warn({ err: error }, 'teams member lookup failed');
      return undefined;
    });
    const email = profile?.email ?? profile?.userPrincipalName;
    const linked = email ? await directory.link(account, email, address) : undefined;
    return linked ?? { email };
  }

  function card(reply: Reply): AdaptiveCard {
    return toAdaptiveCard(reply, directory.publicUrl);
  }

  class CloserTeamsBot extends TeamsActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context, next) => {
        const text =
          TurnContext.removeRecipientMention(context.activity)?.trim() ?? context.activity.text?.trim();
        if (text) {
          const member = await memberOf(context);
          const reply = !member
            ? notice(SENTENCES.unboundWorkspace)
            : 'userId' in member
              ? await directory.say(member, text, `teams:${context.activity.conversation.id}`)
              : notice(SENTENCES.noAccount(member.email));
          await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card(reply))] });
        }
        await next();
      });
    }

    protected override async onAdaptiveCardInvoke(
      context: TurnContext,
      invokeValue: AdaptiveCardInvokeValue,
    ): Promise<AdaptiveCardInvokeResponse> {
      const verb = invokeValue.action.verb as ReplyActionName;
      const turnId = (invokeValue.action.data as { turnId?: string } | undefined)?.turnId;
      const member = await memberOf(context);
      const reply = !member
        ? notice(SENTENCES.unboundWorkspace)
        : !('userId' in member)
          ? notice(SENTENCES.noAccount(member.email))
          : !turnId || !['undo', 'confirm', 'cancel'].includes(verb)
            ? notice('That button is not one of mine.')
            : await directory.press(member, turnId, verb);
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { ...card(reply) } };
    }
  }
  const bot = new CloserTeamsBot();

  return {
    async handle(request) {
      if (!settings.appId || !settings.appPassword) {
        return {
          status: 503,
          body: { error: 'Microsoft Teams is not configured (MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD)' },
        };
      }
      const activity = request.body as Activity | undefined;
      if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') {
        return { status: 400, body: { error: 'the body must be a Bot Framework activity' } };
      }
      const authorization = request.headers.authorization;
      let authenticated: AuthenticateRequestResult;
      try {
        authenticated = await authentication.authenticateRequest(
          activity,
          (Array.isArray(authorization) ? authorization[0] : authorization) ?? '',
        );
      } catch (error) {
        logger.info(
          { reason: error instanceof Error ? error.message : String(error) },
          'teams activity refused',
        );
        return { status: 401, body: { error: 'unauthorized' } };
      }
      const invoked = await adapter.run(authenticated, activity, (context) => bot.run(context));
      return invoked
        ? { status: invoked.status, body: invoked.body as Record<string, unknown> }
        : { status: 200 };
    },
    channel: {
      platform: 'teams',
      async deliverToChat(user, message) {
        const targets = (await directory.addressesOf(user.tenantId, user.userId, 'teams')).filter(
          (target) => target.address && 'reference' in target.address,
        );
        if (!targets.length || !settings.appId) return 'not_linked';
        for (const target of targets) {
          const reference = (target.address as { reference: Partial<ConversationReference> }).reference;
          await adapter.continueConversationAsync(settings.appId, reference, async (context) => {
            await context.sendActivity({
              attachments: [CardFactory.adaptiveCard(notificationToCard(message))],
            });
          });
        }
        return 'sent';
      },
    },
  };
}
