import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const ROLES = ['api', 'worker', 'scheduler'] as const;
export type ProcessRole = (typeof ROLES)[number];

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
  .refine((value) => URL.canParse(value), 'is not a valid URL');

const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb|gb)$/i, 'must look like 512kb, 1mb or 2gb')
  .transform((value) => {
    const match = /^(\d+)(b|kb|mb|gb)$/i.exec(value)!;
    const units = { b: 1, kb: 1024, mb: 1024 * 1024, gb: 1024 * 1024 * 1024 };
    const unit = units[match[2]!.toLowerCase() as keyof typeof units];
    return Number(match[1]) * unit;
  });

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Which proxies may tell us the client's address in X-Forwarded-For. Off: the socket's address, whatever
 * the header says. A hop count: that many proxies stand in front of every request. A list: the addresses
 * (or CIDR ranges) of the proxies; the client is the nearest address in the chain that is not one of them.
 */
export type TrustProxy =
  | { kind: 'off' }
  | { kind: 'hops'; hops: number }
  | { kind: 'addresses'; addresses: { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[] };

function parseTrustedAddress(entry: string) {
  const [address = '', prefixText, extra] = entry.split('/');
  const family = isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : undefined;
  const bits = family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!family || extra !== undefined || !(prefix >= 0 && prefix <= bits)) return undefined;
  return { address, prefix, family } as const;
}

const trustProxy = z
  .string()
  .default('off')
  .transform((value, ctx): TrustProxy => {
    const text = value.trim().toLowerCase();
    if (['off', '0', 'false', 'no'].includes(text)) return { kind: 'off' };
    if (/^\d+$/.test(text) && Number(text) <= 10) return { kind: 'hops', hops: Number(text) };
    const entries = text.split(',').map((entry) => entry.trim());
    const addresses = entries.map(parseTrustedAddress);
    const bad = entries.filter((_entry, index) => !addresses[index]);
    if (bad.length === 0) return { kind: 'addresses', addresses: addresses.map((address) => address!) };
    ctx.addIssue({
      code: 'custom',
      message:
        `must be off, a number of proxies (1 to 10) or a comma-separated list of proxy addresses or ` +
        `CIDR ranges (10.0.0.0/8,127.0.0.1); ${bad.map((entry) => `"${entry}"`).join(', ')} is not one` +
        (text === 'true' ? ' (believing every X-Forwarded-For would let any client choose its address)' : ''),
    });
    return z.NEVER;
  });

/** Every environment variable Closer reads, with its default. README's configuration table mirrors it. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: integer(0, 65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_APP_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: integer(1, 500).default(10),
  CLOSER_DATA_DIR: z.string().min(1).default('./.closer'),
  CLOSER_ROLES: z
    .string()
    .default(ROLES.join(','))
    .transform((value) => value.split(',').map((role) => role.trim()))
    .pipe(z.array(z.enum(ROLES)).min(1, 'must name at least one of api, worker, scheduler')),
  BODY_LIMIT: byteSize.default(1024 * 1024),
  DOCUMENT_MAX_BYTES: byteSize.default(25 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .refine((value) => URL.canParse(value), 'is not a valid URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Closer <no-reply@closer.local>'),
  SESSION_IDLE_MINUTES: integer(5, 60 * 24 * 30).default(12 * 60),
  SESSION_ABSOLUTE_HOURS: integer(1, 24 * 90).default(7 * 24),
  INVITATION_TTL_HOURS: integer(1, 24 * 30).default(7 * 24),
  PASSWORD_RESET_TTL_MINUTES: integer(5, 24 * 60).default(60),
  CLOSER_ADMIN_EMAIL: z.email().optional(),
  CLOSER_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(256).optional(),
  CLOSER_DEMO: z.enum(['0', '1']).optional(),
  TRUST_PROXY: trustProxy,
  // Notifications (web push, email links, retries)
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{86,88}$/, 'must be a base64url P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{42,44}$/, 'must be a base64url P-256 private key')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .optional(),
  NOTIFICATIONS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  HIGH_VALUE_DEAL_AMOUNT: z.coerce.number().positive().default(50_000),
  NOTIFICATION_RETRY_LIMIT: integer(0, 20).default(5),
  NOTIFICATION_RETRY_DELAY_SECONDS: integer(1, 3600).default(30),
  PUSH_ALLOW_LOOPBACK_HTTP: z.enum(['0', '1']).default('0'),
  IMPORT_MAX_BYTES: byteSize.default(2 * 1024 * 1024 * 1024),
  IMPORT_BATCH_ROWS: integer(100, 100_000).default(5_000),
  // Exports (modules/exports)
  EXPORT_LINK_TTL_HOURS: integer(1, 24 * 30).default(24),
  EXPORT_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  EXPORT_PAGE_ROWS: integer(100, 10_000).default(1_000),
  EXPORT_PDF_MAX_ROWS: integer(1, 100_000).default(10_000),
  // Predictions (modules/predictions)
  MIN_CUSTOMER_HISTORY: integer(1, 1_000).default(5),
  PREDICTION_MIN_DEALS: integer(10, 100_000).default(40),
  PREDICTION_ALERT_POINTS: integer(1, 100).default(10),
  // Chat (modules/integrations and the bots)
  CHAT_TOKEN_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant']).default('MultiTenant'),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  TEAMS_OPENID_METADATA_URL: z.url().optional(),
  TEAMS_TOKEN_URL: z.url().optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  logLevel: string;
  /** Owner connection (migrations). Unset: embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Connection used by the application role; derived from `databaseUrl` when unset. */
  databaseAppUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  roles: ReadonlySet<ProcessRole>;
  bodyLimitBytes: number;
  /** The largest document upload (413 above it); files are streamed to disk, never held in memory. */
  documentMaxBytes: number;
  shutdownTimeoutMs: number;
  /** SMTP server for outgoing email; unset writes `.eml` files to `<dataDir>/outbox/`. */
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  invitationTtlHours: number;
  passwordResetTtlMinutes: number;
  /** Super admin created on first start. */
  admin: { email: string; password: string } | undefined;
  /** Seed a demo organization: default on the embedded database when no admin is configured. */
  demo: boolean;
  /** Whose X-Forwarded-For to believe; see `clientAddress` in core/http/client-address.ts. */
  trustProxy: TrustProxy;
  notifications: NotificationSettings;
  imports: ImportSettings;
  exports: ExportSettings;
  predictions: PredictionSettings;
  chat: ChatSettings;
}

/** Settings of the Slack and Teams bots (bots/ and modules/integrations). */
export interface ChatSettings {
  /** AES key material for bot tokens at rest; unset: derived from the notifications' stored secret. */
  tokenKey: string | undefined;
  slack: {
    /** Unset: `/slack/events` answers 503 (Slack is not configured). */
    signingSecret: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    stateSecret: string | undefined;
    /** The Web API's base URL (tests: a recording server on loopback). */
    apiUrl: string;
  };
  teams: {
    /** Unset: `/api/messages` answers 503 (Teams is not configured). */
    appId: string | undefined;
    appPassword: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant';
    appTenantId: string | undefined;
    /** Where the Bot Framework's signing keys are published (default Microsoft's). */
    openIdMetadataUrl: string | undefined;
    /** Where the bot gets its tokens for replies (default Microsoft's login endpoint). */
    tokenUrl: string | undefined;
  };
}

/** Settings of the predictive engine (modules/predictions). */
export interface PredictionSettings {
  /** Closed deals a customer needs before it gets its own correction (the `customer_specific` model). */
  minCustomerHistory: number;
  /** Closed deals an organization needs (a fifth of them won, a fifth lost) before its own model. */
  minDeals: number;
  /** A score moving by at least this many points notifies the deal's owner and managers. */
  alertPoints: number;
}

/** Settings of exports (modules/exports). */
export interface ExportSettings {
  /** How long a finished export's file and its download link live. */
  linkTtlHours: number;
  /** HMAC key of download links; unset: generated and kept in `<dataDir>/secrets/exports.json`. */
  linkSecret: string | undefined;
  /** Rows read per page of the list (each page one transaction and one progress event). */
  pageRows: number;
  /** A PDF report holds at most this many rows (CSV and XLSX have no limit). */
  pdfMaxRows: number;
}

/** Settings of CSV imports (modules/imports). */
export interface ImportSettings {
  /** The largest import file (413 above it); streamed to disk, read in batches, never whole in memory. */
  maxBytes: number;
  /** Rows per batch: each batch is one transaction, and where a resumed import starts again. */
  batchRows: number;
}

/** Settings of the notifications module (modules/notifications). */
export interface NotificationSettings {
  /** VAPID keys (base64url); unset: generated on first start and kept in `<dataDir>/secrets/`. */
  vapid: { publicKey: string; privateKey: string } | undefined;
  /** The `sub` of VAPID tokens; default: mailto: of MAIL_FROM's address. */
  vapidSubject: string | undefined;
  /** HMAC key of one-click unsubscribe links; unset: generated and kept in `<dataDir>/secrets/`. */
  secret: string | undefined;
  /** A deal at or above this amount (in the organization's base currency) alerts managers and admins. */
  highValueDealAmount: number;
  /** Retries of a failed push, email or chat delivery before it is dead (the dead-letter list). */
  retryLimit: number;
  /** First retry delay; pg-boss doubles it per retry. */
  retryDelaySeconds: number;
  /** Accept http:// push endpoints on loopback addresses (tests, local push services). */
  pushAllowLoopbackHttp: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (e.DATABASE_APP_URL && !e.DATABASE_URL) {
    throw new ConfigError(['DATABASE_APP_URL is set but DATABASE_URL is not (both or neither)']);
  }
  if (Boolean(e.CLOSER_ADMIN_EMAIL) !== Boolean(e.CLOSER_ADMIN_PASSWORD)) {
    throw new ConfigError(['CLOSER_ADMIN_EMAIL and CLOSER_ADMIN_PASSWORD must be set together']);
  }
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    throw new ConfigError(['VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together']);
  }
  const admin =
    e.CLOSER_ADMIN_EMAIL && e.CLOSER_ADMIN_PASSWORD
      ? { email: e.CLOSER_ADMIN_EMAIL.toLowerCase(), password: e.CLOSER_ADMIN_PASSWORD }
      : undefined;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(e.CLOSER_DATA_DIR),
    roles: new Set(e.CLOSER_ROLES),
    bodyLimitBytes: e.BODY_LIMIT,
    documentMaxBytes: e.DOCUMENT_MAX_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
    admin,
    demo: e.CLOSER_DEMO === undefined ? !e.DATABASE_URL && !admin : e.CLOSER_DEMO === '1',
    trustProxy: e.TRUST_PROXY,
    notifications: {
      vapid:
        e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
          ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
          : undefined,
      vapidSubject: e.VAPID_SUBJECT,
      secret: e.NOTIFICATIONS_SECRET,
      highValueDealAmount: e.HIGH_VALUE_DEAL_AMOUNT,
      retryLimit: e.NOTIFICATION_RETRY_LIMIT,
      retryDelaySeconds: e.NOTIFICATION_RETRY_DELAY_SECONDS,
      pushAllowLoopbackHttp: e.PUSH_ALLOW_LOOPBACK_HTTP === '1',
    },
    imports: { maxBytes: e.IMPORT_MAX_BYTES, batchRows: e.IMPORT_BATCH_ROWS },
    exports: {
      linkTtlHours: e.EXPORT_LINK_TTL_HOURS,
      linkSecret: e.EXPORT_LINK_SECRET,
      pageRows: e.EXPORT_PAGE_ROWS,
      pdfMaxRows: e.EXPORT_PDF_MAX_ROWS,
    },
    predictions: {
      minCustomerHistory: e.MIN_CUSTOMER_HISTORY,
      minDeals: e.PREDICTION_MIN_DEALS,
      alertPoints: e.PREDICTION_ALERT_POINTS,
    },
    chat: {
      tokenKey: e.CHAT_TOKEN_KEY,
      slack: {
        signingSecret: e.SLACK_SIGNING_SECRET,
        clientId: e.SLACK_CLIENT_ID,
        clientSecret: e.SLACK_CLIENT_SECRET,
        stateSecret: e.SLACK_STATE_SECRET,
        apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      },
      teams: {
        appId: e.MICROSOFT_APP_ID,
        appPassword: e.MICROSOFT_APP_PASSWORD,
        appType: e.MICROSOFT_APP_TYPE,
        appTenantId: e.MICROSOFT_APP_TENANT_ID,
        openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
        tokenUrl: e.TEAMS_TOKEN_URL,
      },
    },
  };
}
