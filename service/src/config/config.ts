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
  .regex(/^\d+(b|kb|mb)$/i, 'must look like 512kb or 1mb')
  .transform((value) => {
    const match = /^(\d+)(b|kb|mb)$/i.exec(value)!;
    const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2]!.toLowerCase() as 'b' | 'kb' | 'mb'];
    return Number(match[1]) * unit;
  });

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
  SHUTDOWN_TIMEOUT_MS: integer(100, 120_000).default(10_000),
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
  shutdownTimeoutMs: number;
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
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
