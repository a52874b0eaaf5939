/**
 * One-click unsubscribe links (RFC 8058): a token naming the organization, the member and the kind of
 * email, signed with HMAC-SHA256 under the installation's notification secret. It needs no session and
 * no storage; a changed character makes it invalid. `digest` stands for the daily/weekly digest.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../core/errors/app-error.js';
import { notificationKinds, type NotificationKind } from './notifications.tables.js';

export type UnsubscribeKind = NotificationKind | 'digest';

export interface UnsubscribeClaim {
  tenantId: string;
  userId: string;
  kind: UnsubscribeKind;
}

const CHANNEL = 'email';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function signature(key: Buffer, claim: UnsubscribeClaim): Buffer {
  return createHmac('sha256', key)
    .update(`unsubscribe:${claim.tenantId}:${claim.userId}:${claim.kind}:${CHANNEL}`)
    .digest();
}

export function signUnsubscribe(key: Buffer, claim: UnsubscribeClaim): string {
  const body = Buffer.from(`${claim.tenantId}|${claim.userId}|${claim.kind}`).toString('base64url');
  return `${body}.${signature(key, claim).toString('base64url')}`;
}

function invalid(): AppError<'unsubscribe_link_invalid'> {
  return new AppError('unsubscribe_link_invalid', { message: 'The unsubscribe token is not valid' });
}

/** The claim of a token this installation signed; 400 `unsubscribe_link_invalid` otherwise. */
export function verifyUnsubscribe(key: Buffer, token: string): UnsubscribeClaim {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) throw invalid();
  const [tenantId = '', userId = '', kind = ''] = Buffer.from(body, 'base64url').toString('utf8').split('|');
  const known = kind === 'digest' || (notificationKinds as readonly string[]).includes(kind);
  if (!UUID.test(tenantId) || !UUID.test(userId) || !known) throw invalid();
  const claim = { tenantId, userId, kind: kind as UnsubscribeKind };
  const expected = signature(key, claim);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  return claim;
}
