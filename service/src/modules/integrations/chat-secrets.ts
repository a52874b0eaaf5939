/**
 * Bot tokens at rest: AES-256-GCM under a key from CHAT_TOKEN_KEY, or derived (HKDF) from the
 * notifications' stored secret when it is unset, so an installation keeps one secret file. A token is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url); a database dump alone does not give the tokens away.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../../core/config/config.js';
import { notificationSecrets } from '../notifications/notification-secrets.js';

async function keyOf(config: Config): Promise<Buffer> {
  if (config.chat.tokenKey) return createHash('sha256').update(config.chat.tokenKey).digest();
  const { signingKey } = await notificationSecrets(config);
  return Buffer.from(hkdfSync('sha256', signingKey, Buffer.alloc(0), 'closer chat bot tokens', 32));
}

export async function sealToken(config: Config, token: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await keyOf(config), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url'));
  return ['v1', ...parts].join('.');
}

export async function openToken(config: Config, stored: string): Promise<string> {
  const [version, iv, tag, sealed] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !sealed) throw new Error('unknown bot token format');
  const decipher = createDecipheriv('aes-256-gcm', await keyOf(config), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
