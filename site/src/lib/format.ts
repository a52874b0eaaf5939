/** How the dashboard writes money, dates and people, in the browser's locale. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function money(amount: number | string | null | undefined, currency = 'USD', compact = false): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const key = `${currency}:${compact}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      maximumFractionDigits: compact ? 1 : 0,
      ...(compact && { notation: 'compact' }),
    });
    moneyFormats.set(key, format);
  }
  return format.format(Number(amount));
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** `2026-12-04` or an ISO time, as a date; '—' when there is none. */
export function day(value: string | null | undefined): string {
  if (!value) return '—';
  // A bare date is a calendar day, not midnight UTC: read it as local.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return dateFormat.format(date);
}

export function dateTime(value: string | null | undefined): string {
  return value ? dateTimeFormat.format(new Date(value)) : '—';
}

/** "in 3 days", "2 hours ago". */
export function relative(value: string | null | undefined, now = Date.now()): string {
  if (!value) return '—';
  const seconds = (new Date(value).getTime() - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(Math.round(seconds), 'second');
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
}

/** The record a page shows: `/customer?id=<id>`, or `/customers/<id>` as notifications and emails link it. */
export function recordId(): string {
  return queryParam('id') ?? /\/[a-z]+\/([0-9a-f-]{36})$/.exec(location.pathname)?.[1] ?? '';
}

/** The page's query parameter (`/customer?id=...`). */
export function queryParam(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

/** A text field of a submitted form, trimmed ('' when absent or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
