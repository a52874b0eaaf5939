/**
 * Optimal contact timing from the organization's own history: the weekday and two-hour window in which
 * conversations most often went well (a reply, a positive outcome), against the average.
 */
import { TOUCH, type Deal, type History } from './history.js';

export interface ContactTiming {
  /** 0 = Sunday .. 6 = Saturday, in the organization's timezone. */
  weekday: number;
  fromHour: number;
  toHour: number;
  /** Share of conversations in that window that went well, and overall. */
  rate: number;
  overall: number;
  conversations: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function contactTiming(
  history: History,
  deals: readonly Deal[],
  utcOffsetMinutes: number,
): ContactTiming | null {
  const good = new Float64Array(7 * 12);
  const all = new Float64Array(7 * 12);
  let goodTotal = 0;
  let total = 0;
  for (const deal of deals)
    for (let index = deal.touchFrom; index < deal.touchTo; index++) {
      const flags = history.touchFlags[index]!;
      const local = new Date(history.touchTimes[index]! + utcOffsetMinutes * 60_000);
      const slot = local.getUTCDay() * 12 + Math.floor(local.getUTCHours() / 2);
      const went = flags & (TOUCH.replied | TOUCH.positive) ? 1 : 0;
      all[slot]! += 1;
      good[slot]! += went;
      total += 1;
      goodTotal += went;
    }
  if (total < 200) return null;
  const overall = goodTotal / total;
  let best = -1;
  let bestRate = 0;
  for (let slot = 0; slot < all.length; slot++) {
    if (all[slot]! < Math.max(30, total / 200)) continue;
    // Shrunk toward the overall rate so a thin window does not win by luck.
    const rate = (good[slot]! + 20 * overall) / (all[slot]! + 20);
    if (rate > bestRate) {
      bestRate = rate;
      best = slot;
    }
  }
  if (best < 0) return null;
  return {
    weekday: Math.floor(best / 12),
    fromHour: (best % 12) * 2,
    toHour: (best % 12) * 2 + 2,
    rate: good[best]! / all[best]!,
    overall,
    conversations: all[best]!,
  };
}

export function describeTiming(timing: ContactTiming): string {
  const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${WEEKDAYS[timing.weekday]} ${hour(timing.fromHour)}–${hour(timing.toHour)}`;
}
