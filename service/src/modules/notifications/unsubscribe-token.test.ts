import { describe, expect, it } from '@jest/globals';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-token.js';

const key = Buffer.from('k'.repeat(32));
const claim = {
  tenantId: '01900000-0000-7000-8000-000000000001',
  userId: '01900000-0000-7000-8000-000000000002',
  kind: 'task.assigned' as const,
};

describe('unsubscribe tokens', () => {
  it('round-trips a claim', () => {
    expect(verifyUnsubscribe(key, signUnsubscribe(key, claim))).toEqual(claim);
    expect(verifyUnsubscribe(key, signUnsubscribe(key, { ...claim, kind: 'digest' })).kind).toBe('digest');
  });

  it('refuses a token signed with another key, changed, or malformed', () => {
    const token = signUnsubscribe(key, claim);
    const [body, mac] = token.split('.') as [string, string];
    const otherKind = Buffer.from(`${claim.tenantId}|${claim.userId}|goal.achieved`).toString('base64url');
    for (const bad of [
      signUnsubscribe(Buffer.from('z'.repeat(32)), claim),
      `${otherKind}.${mac}`,
      `${body}.${mac.slice(0, -2)}`,
      body,
      `${token}.extra`,
      '',
    ]) {
      expect(() => verifyUnsubscribe(key, bad)).toThrow(
        expect.objectContaining({ code: 'unsubscribe_link_invalid' }),
      );
    }
  });
});
