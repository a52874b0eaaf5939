import { describe, expect, it } from '@jest/globals';
import { calendarPeriod, nextPeriod } from './goal-periods.js';

const at = (iso: string) => new Date(iso);
const iso = (bounds: { start: Date; end: Date }) => [bounds.start.toISOString(), bounds.end.toISOString()];

describe('goal periods (UTC, half-open)', () => {
  it('weeks start on Monday at midnight UTC', () => {
    // 2026-03-02 is a Monday.
    expect(iso(calendarPeriod('week', at('2026-03-04T10:00:00Z')))).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
    ]);
    expect(iso(calendarPeriod('week', at('2026-03-02T00:00:00Z')))[0]).toBe('2026-03-02T00:00:00.000Z');
    // Sunday 23:59:59 still belongs to the week that started the Monday before.
    expect(iso(calendarPeriod('week', at('2026-03-08T23:59:59Z')))[0]).toBe('2026-03-02T00:00:00.000Z');
    expect(iso(calendarPeriod('week', at('2026-03-01T23:59:59Z')))[0]).toBe('2026-02-23T00:00:00.000Z');
    // A local time east of UTC that is still Sunday in UTC.
    expect(iso(calendarPeriod('week', at('2026-03-09T00:30:00+01:00')))[0]).toBe('2026-03-02T00:00:00.000Z');
  });

  it('months, quarters and years', () => {
    expect(iso(calendarPeriod('month', at('2026-02-28T23:00:00Z')))).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
    expect(iso(calendarPeriod('quarter', at('2026-05-15T00:00:00Z')))).toEqual([
      '2026-04-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
    ]);
    expect(iso(calendarPeriod('quarter', at('2026-12-31T23:59:59Z')))).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(iso(calendarPeriod('year', at('2026-07-01T00:00:00Z')))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });

  it('the next period follows without gap; a custom one keeps its length', () => {
    const december = calendarPeriod('month', at('2026-12-10T00:00:00Z'));
    expect(iso(nextPeriod('month', december))).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-02-01T00:00:00.000Z',
    ]);
    const sprint = { start: at('2026-03-01T00:00:00Z'), end: at('2026-03-15T00:00:00Z') };
    expect(iso(nextPeriod('custom', sprint))).toEqual([
      '2026-03-15T00:00:00.000Z',
      '2026-03-29T00:00:00.000Z',
    ]);
  });
});
