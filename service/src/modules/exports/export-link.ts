/**
 * Download links that work without a session until they expire: `<tenant>.<expiry>.<hmac>` where the
 * HMAC-SHA256 covers the tenant, the export id and the expiry (seconds). The key is EXPORT_LINK_SECRET,
 * or one generated on first start and kept in `<dataDir>/secrets/exports.json` (mode 0600), so a restart
 * keeps links valid; several instances on one database must share it (configure it, or the data directory).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../core/config/config.js';
import { safeEqual } from '../../core/identity/secrets.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function readKey(file: string): Promise<Buffer | undefined> {
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as { signingKey: string };
    return Buffer.from(stored.signingKey, 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates the file once: when two processes race on first start, the first link wins and both read it. */
async function storedOrCreated(dataDir: string): Promise<Buffer> {
  const directory = path.join(dataDir, 'secrets');
  const file = path.join(directory, 'exports.json');
  const existing = await readKey(file);
  if (existing) return existing;
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const content = JSON.stringify({ signingKey: randomBytes(32).toString('base64url') });
  await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return (await readKey(file))!;
}

const keys = new Map<string, Promise<Buffer>>();

/** The HMAC key of this configuration (read or created once per data directory). */
export function linkKey(config: Config): Promise<Buffer> {
  const configured = config.exports.linkSecret;
  if (configured) return Promise.resolve(Buffer.from(configured, 'utf8'));
  let key = keys.get(config.dataDir);
  if (!key) {
    key = storedOrCreated(config.dataDir);
    void key.catch(() => keys.delete(config.dataDir));
    keys.set(config.dataDir, key);
  }
  return key;
}

function signature(key: Buffer, tenantId: string, exportId: string, expires: number): string {
  return createHmac('sha256', key).update(`export:${tenantId}:${exportId}:${expires}`).digest('base64url');
}

export function signLink(
  key: Buffer,
  claim: { tenantId: string; exportId: string; expiresAt: Date },
): string {
  const expires = Math.floor(claim.expiresAt.getTime() / 1000);
  return `${claim.tenantId}.${expires}.${signature(key, claim.tenantId, claim.exportId, expires)}`;
}

export type LinkCheck =
  { ok: true; tenantId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a link's token for `exportId`; the signature first, so a forged expiry is `invalid`. */
export function verifyLink(key: Buffer, exportId: string, token: string, now = new Date()): LinkCheck {
  const [tenantId = '', expiresText = '', given = '', extra] = token.split('.');
  if (extra !== undefined || !UUID.test(tenantId) || !/^\d{1,12}$/.test(expiresText)) {
    return { ok: false, reason: 'invalid' };
  }
  const expires = Number(expiresText);
  if (!safeEqual(given, signature(key, tenantId, exportId, expires))) return { ok: false, reason: 'invalid' };
  if (expires * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, tenantId, expiresAt: new Date(expires * 1000) };
}
