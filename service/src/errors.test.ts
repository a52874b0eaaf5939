import { describe, expect, it } from '@jest/globals';
import { AppError } from './core/errors/app-error.js';
import { ERROR_SENTENCES, HTTP_STATUS, httpStatusOf, toChatReply, type ErrorCode } from './errors.js';

describe('the error catalog', () => {
  const codes = Object.keys(ERROR_SENTENCES) as ErrorCode[];

  it('gives every code a sentence a person can read and one HTTP status', () => {
    const unfit = codes.filter(
      (code) => !/^[A-Z].{10,}[.!?]$/.test(ERROR_SENTENCES[code]) || !(HTTP_STATUS[code] >= 400),
    );
    expect(unfit).toEqual([]);
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...codes].sort());
  });

  it('maps a domain code to its status in one place', () => {
    expect(httpStatusOf(new AppError('team_name_taken'))).toBe(409);
    expect(httpStatusOf(new AppError('not_found'))).toBe(404);
    expect(httpStatusOf(new AppError('team_member_outranks_you'))).toBe(403);
  });
});

describe('toChatReply', () => {
  it("answers a domain error with its sentence, not the developer's message", () => {
    const reply = toChatReply(
      new AppError('team_name_taken', { message: 'A team named "West" already exists' }),
    );
    expect(reply).toEqual({
      text: ERROR_SENTENCES.team_name_taken,
      details: [],
      sentence: ERROR_SENTENCES.team_name_taken,
      code: 'team_name_taken',
    });
  });

  it('phrases field problems as sentences, without paths or transport prefixes', () => {
    const reply = toChatReply(
      AppError.validation([
        { path: 'body.amount', message: 'must be a number' },
        { path: '', message: 'refers to a record that does not exist' },
        { path: 'body.assigneeIds.0', message: 'you can only assign tasks to yourself' },
        { path: 'body.participants.contactIds.1', message: 'no such contact' },
        { path: 'body.expectedCloseDate', message: 'is before the deal was opened' },
      ]),
    );
    expect(reply.text).toBe(ERROR_SENTENCES.validation_failed);
    expect(reply.details).toEqual([
      'The amount must be a number.',
      'That refers to a record that does not exist.',
      'You can only assign tasks to yourself.',
      'No such contact.',
      'The expected close date is before the deal was opened.',
    ]);
    expect(reply.sentence).toBe(reply.details.join(' '));
  });

  it('says the sentence of a code without field problems, a permission refusal among them', () => {
    const reply = toChatReply(AppError.forbidden('This needs the permission tasks.create'));
    expect(reply.sentence).toBe(ERROR_SENTENCES.forbidden);
    expect(reply.sentence).not.toContain('tasks.create');
  });

  it('never shows what an unexpected error says, only a reference to the logs', () => {
    const reply = toChatReply(new Error('relation "customers" does not exist'), 'req-123');
    expect(reply.code).toBe('internal');
    expect(reply.text).toContain('req-123');
    expect(reply.sentence).toBe(reply.text);
    expect(reply.text).not.toContain('relation');
    const server = toChatReply(new AppError('internal', { message: 'pool exhausted' }));
    expect(server.text).not.toContain('pool');
  });
});
