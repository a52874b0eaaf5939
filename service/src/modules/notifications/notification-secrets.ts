/**
 * The notifications' own secrets: the VAPID key pair of web push and the HMAC key of unsubscribe links.
 * Configured ones win (VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY, NOTIFICATIONS_SECRET); otherwise they are
 * generated on first start and kept in `<dataDir>/secrets/notifications.json` (mode 0600), so a restart
 * keeps browsers' subscriptions and mailed links valid. Several instances on one PostgreSQL must share
 * them: configure them, or share the data directory.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../core/config/config.js';

export interface NotificationSecrets {
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** HMAC key of unsubscribe tokens. */
  signingKey: Buffer;
}

interface StoredSecrets {
  vapidPublicKey: string;
  vapidPrivateKey: string;
  signingKey: string;
}

function generated(): StoredSecrets {
  const curve = createECDH('prime256v1');
  curve.generateKeys();
  return {
    vapidPublicKey: curve.getPublicKey().toString('base64url'),
    vapidPrivateKey: curve.getPrivateKey().toString('base64url'),
    signingKey: randomBytes(32).toString('base64url'),
  };
}

async function readStored(file: string): Promise<StoredSecrets | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates the file once: when two processes race on first start, the first link wins and both read it. */
async function storedOrCreated(dataDir: string): Promise<StoredSecrets> {
  const directory = path.join(dataDir, 'secrets');
  const file = path.join(directory, 'notifications.json');
  const existing = await readStored(file);
  if (existing) return existing;
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify(generated()), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return (await readStored(file))!;
}

/** The default VAPID subject: a mailto: of the address emails come from. */
function defaultSubject(config: Config): string {
  const address = /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom.trim();
  return `mailto:${address}`;
}

const loaded = new Map<string, Promise<NotificationSecrets>>();

async function load(config: Config): Promise<NotificationSecrets> {
  const configured = config.notifications;
  const stored = configured.vapid && configured.secret ? undefined : await storedOrCreated(config.dataDir);
  return {
    vapid: {
      publicKey: configured.vapid?.publicKey ?? stored!.vapidPublicKey,
      privateKey: configured.vapid?.privateKey ?? stored!.vapidPrivateKey,
      subject: configured.vapidSubject ?? defaultSubject(config),
    },
    signingKey: configured.secret
      ? Buffer.from(configured.secret, 'utf8')
      : Buffer.from(stored!.signingKey, 'base64url'),
  };
}

/** The secrets of this process's configuration (read or created once per data directory). */
export function notificationSecrets(config: Config): Promise<NotificationSecrets> {
  const key = `${config.dataDir}|${config.notifications.vapid?.publicKey ?? ''}|${config.notifications.secret ?? ''}`;
  let secrets = loaded.get(key);
  if (!secrets) {
    secrets = load(config);
    void secrets.catch(() => loaded.delete(key));
    loaded.set(key, secrets);
  }
  return secrets;
}
