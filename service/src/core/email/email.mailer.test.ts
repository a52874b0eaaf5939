import { describe, expect, it } from '@jest/globals';
import { httpStatusOf } from '../../errors.js';
import { outboxFileName } from './email.mailer.js';
import { toEmailDeliveryError } from './email.errors.js';

describe('outboxFileName', () => {
  it('starts with the sortable time and keeps only safe characters of the message id', () => {
    const name = outboxFileName(new Date('2026-03-05T14:00:00.123Z'), '<a1b2/c3:d4@closer.local>');
    expect(name).toBe('2026-03-05T14-00-00.123Z-a1b2_c3_d4_closer.local.eml');
  });

  it('sorts by time', () => {
    const earlier = outboxFileName(new Date('2026-03-05T09:59:59.999Z'), '<zzz@x>');
    const later = outboxFileName(new Date('2026-03-05T10:00:00.000Z'), '<aaa@x>');
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });
});

describe('toEmailDeliveryError', () => {
  it('calls a permanent SMTP rejection email_rejected and quotes the server', () => {
    const cause = Object.assign(new Error("Can't send mail"), {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      response: '550 5.1.1 No such user',
      responseCode: 550,
      permanent: true,
    });
    const error = toEmailDeliveryError(cause, 'x@example.com');
    expect(error.code).toBe('email_rejected');
    expect(error.message).toBe(
      'Email to x@example.com was not sent: the SMTP server rejected it at RCPT TO: 550 5.1.1 No such user',
    );
    expect(error.cause).toBe(cause);
    expect(httpStatusOf(error)).toBe(502);
  });

  it('calls anything else email_unavailable, worth a retry', () => {
    const error = toEmailDeliveryError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }),
      'x@y',
    );
    expect(error.code).toBe('email_unavailable');
    expect(httpStatusOf(error)).toBe(503);
    expect(error.message).toContain('connect ECONNREFUSED');
  });
});
