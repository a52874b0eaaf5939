import { describe, expect, it } from '@jest/globals';
import { MAX_PUSH_JSON_BYTES, pushEndpointProblem, pushPayload } from './web-push-sender.js';

describe('web push payloads and endpoints', () => {
  const message = {
    title: 'Deal moved',
    body: 'short',
    link: null,
    kind: 'opportunity.stage_changed',
    notificationId: 'n1',
  };

  it('keeps a small payload as it is', () => {
    expect(JSON.parse(pushPayload(message))).toEqual(message);
  });

  it('cuts a long body (multi-byte too) so the JSON stays under the limit', () => {
    for (const body of ['x'.repeat(10_000), 'é€'.repeat(5_000), '\n'.repeat(5_000)]) {
      const payload = pushPayload({ ...message, body });
      expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PUSH_JSON_BYTES);
      const parsed = JSON.parse(payload) as { body: string; title: string };
      expect(parsed.title).toBe('Deal moved');
      expect(parsed.body.endsWith('…')).toBe(true);
    }
  });

  it('cuts the title too when the body alone cannot make room', () => {
    const payload = pushPayload({ ...message, title: 't'.repeat(10_000), body: 'b'.repeat(10_000) });
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PUSH_JSON_BYTES);
  });

  it('takes https endpoints, http only on loopback when allowed', () => {
    expect(pushEndpointProblem('https://fcm.googleapis.com/fcm/send/abc', false)).toBeUndefined();
    expect(pushEndpointProblem('http://127.0.0.1:9000/push', true)).toBeUndefined();
    expect(pushEndpointProblem('http://127.0.0.1:9000/push', false)).toMatch(/https/);
    expect(pushEndpointProblem('http://push.example.com/x', true)).toMatch(/https/);
    expect(pushEndpointProblem('https://user:pw@push.example.com/x', false)).toMatch(/credentials/);
  });
});
