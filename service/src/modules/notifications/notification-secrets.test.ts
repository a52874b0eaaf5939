import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createECDH } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../core/config/config.js';
import { notificationSecrets } from './notification-secrets.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'closer-secrets-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('notification secrets', () => {
  it('generates a VAPID key pair and a signing key once, kept (0600) in the data directory', async () => {
    const secrets = await notificationSecrets(loadConfig({ CLOSER_DATA_DIR: dataDir }));
    const file = path.join(dataDir, 'secrets', 'notifications.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(stored.vapidPublicKey).toBe(secrets.vapid.publicKey);
    expect(stored.vapidPrivateKey).toBe(secrets.vapid.privateKey);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    // The pair belongs together: the public key derives from the private one.
    const curve = createECDH('prime256v1');
    curve.setPrivateKey(Buffer.from(secrets.vapid.privateKey, 'base64url'));
    expect(curve.getPublicKey().toString('base64url')).toBe(secrets.vapid.publicKey);
    expect(secrets.vapid.subject).toBe('mailto:no-reply@closer.local');
    expect(secrets.signingKey).toHaveLength(32);
  });

  it('uses configured keys and secret instead, writing nothing', async () => {
    const curve = createECDH('prime256v1');
    curve.generateKeys();
    const elsewhere = path.join(dataDir, 'configured');
    const secrets = await notificationSecrets(
      loadConfig({
        CLOSER_DATA_DIR: elsewhere,
        VAPID_PUBLIC_KEY: curve.getPublicKey().toString('base64url'),
        VAPID_PRIVATE_KEY: curve.getPrivateKey().toString('base64url'),
        VAPID_SUBJECT: 'https://closer.example.com',
        NOTIFICATIONS_SECRET: 'x'.repeat(40),
      }),
    );
    expect(secrets.vapid).toEqual({
      publicKey: curve.getPublicKey().toString('base64url'),
      privateKey: curve.getPrivateKey().toString('base64url'),
      subject: 'https://closer.example.com',
    });
    expect(secrets.signingKey.toString()).toBe('x'.repeat(40));
    await expect(stat(elsewhere)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses half a key pair', () => {
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'B'.repeat(87) })).toThrow(/set together/);
  });
});
