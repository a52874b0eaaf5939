import { describe, expect, it } from '@jest/globals';
import { isTimezone, quietHoursEnd } from './quiet-hours.js';

const quiet = (start: string, end: string, timezone = 'UTC') => ({ enabled: true, start, end, timezone });

describe('quiet hours', () => {
  it('holds until the end when now is inside hours that span midnight', () => {
    expect(quietHoursEnd(new Date('2026-03-05T23:30:20Z'), quiet('22:00', '07:00'))?.toISOString()).toBe(
      '2026-03-06T07:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-03-06T03:15:00Z'), quiet('22:00', '07:00'))?.toISOString()).toBe(
      '2026-03-06T07:00:00.000Z',
    );
  });

  it('does not hold outside them, at their end, or when they are off or empty', () => {
    expect(quietHoursEnd(new Date('2026-03-06T07:00:00Z'), quiet('22:00', '07:00'))).toBeNull();
    expect(quietHoursEnd(new Date('2026-03-06T12:00:00Z'), quiet('22:00', '07:00'))).toBeNull();
    expect(quietHoursEnd(new Date('2026-03-06T12:00:00Z'), quiet('09:00', '09:00'))).toBeNull();
    const off = { ...quiet('00:00', '23:59'), enabled: false };
    expect(quietHoursEnd(new Date('2026-03-06T12:00:00Z'), off)).toBeNull();
  });

  it('handles hours within one day', () => {
    expect(quietHoursEnd(new Date('2026-03-06T12:30:00Z'), quiet('12:00', '13:00'))?.toISOString()).toBe(
      '2026-03-06T13:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-03-06T11:59:00Z'), quiet('12:00', '13:00'))).toBeNull();
  });

  it("reads the clock in the member's timezone", () => {
    // 05:00 UTC is 00:00 in New York (EST, UTC-5): inside 22:00-07:00 there, which ends at 12:00 UTC.
    const held = quietHoursEnd(new Date('2026-03-05T05:00:00Z'), quiet('22:00', '07:00', 'America/New_York'));
    expect(held?.toISOString()).toBe('2026-03-05T12:00:00.000Z');
    expect(
      quietHoursEnd(new Date('2026-03-05T13:00:00Z'), quiet('22:00', '07:00', 'America/New_York')),
    ).toBeNull();
  });

  it('knows IANA timezones from made-up ones', () => {
    expect(isTimezone('Europe/Paris')).toBe(true);
    expect(isTimezone('Mars/Olympus')).toBe(false);
  });
});
