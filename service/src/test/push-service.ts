/**
 * A Web Push service on loopback for tests, doing what real ones do with what Closer sends: it keeps
 * every request (to verify VAPID and decrypt the RFC 8291 body with the browser's keys); /ok/* accepts
 * (201), /gone/* answers 410, /broken/* 500.
 */
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

export const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }): Buffer;
};

export interface PushRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function startPushService(): Promise<{ url: string; requests: PushRequest[]; server: Server }> {
  const requests: PushRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      requests.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      response.statusCode = path.startsWith('/ok/') ? 201 : path.startsWith('/gone/') ? 410 : 500;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

/** A browser's subscription keys: a P-256 key pair and a 16-byte auth secret. */
export function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  return { ecdh, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } };
}

/** The JSON Closer pushed, decrypted with the subscription's keys. */
export function decryptPush(request: PushRequest, keys: ReturnType<typeof browserKeys>): unknown {
  const plain = ece.decrypt(request.body, {
    version: 'aes128gcm',
    privateKey: keys.ecdh,
    authSecret: keys.keys.auth,
  });
  return JSON.parse(plain.toString('utf8'));
}
