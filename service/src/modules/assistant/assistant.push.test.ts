import { describe, expect, it } from '@jest/globals';
import { amountAfter, laterDay, pushAmount, pushedDue } from './assistant.push.js';

describe('a push of a due date', () => {
  it('lands a period after the due date when the day named is not later', () => {
    // Due Fri Dec 11; "next week" read as Mon Dec 7.
    expect(laterDay('week', '2026-12-11', '2026-12-07')).toBe('2026-12-18');
    expect(laterDay('weekday', '2026-12-11', '2026-12-07')).toBe('2026-12-14');
    expect(laterDay('weekday', '2026-12-11', '2026-12-04')).toBe('2026-12-18');
    expect(laterDay('month', '2027-01-31', '2027-01-31')).toBe('2027-02-28');
    expect(laterDay('date', '2026-12-11', '2026-12-03')).toBeUndefined();
  });

  it('keeps a later date, and the time of day of the date named when it moves past it', async () => {
    const current = new Date('2026-12-11T22:00:00Z');
    const later = new Date('2026-12-14T22:00:00Z');
    const zone = 'America/New_York';
    expect(await pushedDue({ title: 'deck', current, wanted: later, push: 'week', zone })).toEqual({
      dueAt: later,
    });
    const earlier = new Date('2026-12-07T22:00:00Z');
    expect(await pushedDue({ title: 'deck', current, wanted: earlier, push: 'week', zone })).toEqual({
      dueAt: new Date('2026-12-18T22:00:00Z'),
      wasDue: current,
    });
    expect(await pushedDue({ title: 'deck', current, wanted: earlier, push: undefined, zone })).toEqual({
      dueAt: earlier,
    });
    await expect(pushedDue({ title: 'deck', current, wanted: earlier, push: 'date', zone })).rejects.toThrow(
      /push never moves it earlier/,
    );
  });

  it('counts a push by an amount from the due date, at its time of day', async () => {
    const zone = 'America/New_York';
    // Due Fri Dec 11 17:00 in New York; "push it a week" read by the parser as today plus a week.
    const current = new Date('2026-12-11T22:00:00Z');
    const wanted = new Date('2026-12-09T22:00:00Z');
    const pushed = await pushedDue({ title: 'deck', current, wanted, push: 'week', by: { days: 7 }, zone });
    expect(pushed).toEqual({ dueAt: new Date('2026-12-18T22:00:00Z') });
    // A task with no date takes the parser's date.
    expect(
      await pushedDue({ title: 'deck', current: null, wanted, push: 'week', by: { days: 7 }, zone }),
    ).toEqual({
      dueAt: wanted,
    });
    expect(amountAfter('2027-01-31', { months: 1 })).toBe('2027-02-28');
    expect(amountAfter('2026-12-30', { days: 2 })).toBe('2027-01-01');
  });

  it('reads an amount kept with a held command, and nothing else', () => {
    expect(pushAmount({ days: 14 })).toEqual({ days: 14 });
    expect(pushAmount({ months: 2 })).toEqual({ months: 2 });
    for (const bad of [undefined, null, 'a week', { days: -1 }, { days: 1.5 }, { weeks: 1 }])
      expect(pushAmount(bad)).toBeUndefined();
  });
});
