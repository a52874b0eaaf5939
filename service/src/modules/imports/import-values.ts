/**
 * Reading one CSV cell as a typed value, the way people and other CRMs write them. Pure and called once
 * per cell of files with millions of rows: every regular expression, lookup table and Intl object is
 * built once, at module load. A blank cell is the importer's business (a missing value): these parsers
 * reject it, except `parseBoolean` (blank reads as false) and `parseList` (blank reads as no items).
 * Every failure says what was expected, in words a person can act on.
 */
import { sizeBands } from '../customers/customers.tables.js';

export interface ValueOptions {
  /** How `03/04/2025` reads: day first, month first, or year first (`25/04/03`). ISO dates always read. */
  dateOrder: 'dmy' | 'mdy' | 'ymd';
  decimalSeparator: '.' | ',';
  /** ISO 4217; decides what a bare `$`, `¥` or `kr` means when it is one of its currencies. */
  defaultCurrency?: string | null;
}
export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; message: string };

const ok = <T>(value: T, note?: string): Parsed<T> =>
  note === undefined ? { ok: true, value } : { ok: true, value, note };
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

// Spreadsheets and Salesforce exports pad cells with no-break, thin and ideographic spaces.
const SPACES = /[\s\u00a0\u2007\u2009\u202f\u3000\ufeff]+/g;
/** Trims every kind of space and folds runs of them into one ordinary space. */
export function cleanCell(raw: string): string {
  return raw.replace(SPACES, ' ').trim();
}
const quote = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

// ---------------------------------------------------------------------------------------------------
// Dates

const MONTHS = new Map<string, number>();
[
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
].forEach((name, i) => {
  MONTHS.set(name, i + 1);
  MONTHS.set(name.slice(0, 3), i + 1);
});
MONTHS.set('sept', 9);
const MONTH_NAMES = [...MONTHS.keys()].filter((name) => name.length > 3);

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const COMPACT_DATE = /^((?:19|20)\d{2})(\d{2})(\d{2})$/;
const NUMERIC_DATE = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[-\s/.]+([a-z]+)\.?[-\s/.,]+(\d{2}|\d{4})$/;
const MONTH_DAY_YEAR = /^([a-z]+)\.?[-\s/.]+(\d{1,2})(?:st|nd|rd|th)?[-\s/.,]+(\d{2}|\d{4})$/;
const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/;
const EXCEL_SERIAL = /^(\d{5})(?:\.(\d+))?$/;
// Serial numbers taken as dates: 1950-01-01 to 2099-12-31 (a five-digit postcode in a date column is refused).
const EXCEL_FIRST = 18_264;
const EXCEL_LAST = 73_050;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const DATE_EXPECTED = {
  dmy: 'expected a date like 2025-03-31 or 31/03/2025 (day first)',
  mdy: 'expected a date like 2025-03-31 or 03/31/2025 (month first)',
  ymd: 'expected a date like 2025-03-31 or 25/03/31 (year first)',
} as const;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
  note?: string;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const formatDate = (date: CalendarDate): string => `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
const MONTH_TITLES = MONTH_NAMES.map((name) => name[0]!.toUpperCase() + name.slice(1));

/** Two-digit years follow Excel: 00-29 are 2000-2029, 30-99 are 1930-1999. */
const fullYear = (digits: string): number => {
  const year = Number(digits);
  return digits.length === 4 ? year : year < 30 ? 2000 + year : 1900 + year;
};

/** Checks the day exists; the message names the month's length ("February has 28 days in 2025"). */
function calendarDate(text: string, year: number, month: number, day: number): CalendarDate | string {
  if (month < 1 || month > 12) return `${quote(text)} has no month ${month}`;
  const length = daysInMonth(year, month);
  if (day < 1 || day > length) {
    return `${quote(text)} is not a date: ${MONTH_TITLES[month - 1]} has ${length} days${month === 2 ? ` in ${year}` : ''}`;
  }
  return { year, month, day };
}

function numericDate(
  text: string,
  match: RegExpExecArray,
  order: ValueOptions['dateOrder'],
): CalendarDate | string {
  const [, first, separator, second, last] = match as unknown as [string, string, string, string, string];
  const a = Number(first);
  const b = Number(second);
  // Dots are European: `31.3.2025` reads day first whatever the option.
  if (separator === '.' || order === 'dmy') return calendarDate(text, fullYear(last), b, a);
  if (order === 'mdy') {
    const date = calendarDate(text, fullYear(last), a, b);
    if (typeof date === 'string' && a > 12 && b <= 12)
      return `${date} with the month first (mm/dd/yyyy); is the file day first?`;
    return date;
  }
  // Year first was chosen: `25/03/31`; a four-digit last part cannot be a day, so read it day first when
  // only one reading is possible.
  if (last.length === 2) return calendarDate(text, fullYear(first), b, Number(last));
  if (a <= 12 && b <= 12 && a !== b)
    return `${quote(text)} could be day or month first; choose the date order`;
  return a > 12 ? calendarDate(text, fullYear(last), b, a) : calendarDate(text, fullYear(last), a, b);
}

function namedMonthDate(text: string, lower: string): CalendarDate | string | null {
  const unweekdayed = lower.replace(WEEKDAY, '');
  let match = DAY_MONTH_YEAR.exec(unweekdayed);
  if (match !== null) {
    const month = MONTHS.get(match[2]!);
    return month === undefined ? null : calendarDate(text, fullYear(match[3]!), month, Number(match[1]));
  }
  match = MONTH_DAY_YEAR.exec(unweekdayed);
  if (match !== null) {
    const month = MONTHS.get(match[1]!);
    return month === undefined ? null : calendarDate(text, fullYear(match[3]!), month, Number(match[2]));
  }
  return null;
}

/** The calendar date of a cell without a time; `null` when it has no date shape at all. */
function readDate(text: string, order: ValueOptions['dateOrder']): CalendarDate | string | null {
  let match = ISO_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (match !== null) return calendarDate(text, Number(match[1]), Number(match[2]), Number(match[3]));
  match = NUMERIC_DATE.exec(text);
  if (match !== null) return numericDate(text, match, order);
  return namedMonthDate(text, text.toLowerCase());
}

function excelSerial(text: string): { date: CalendarDate; ms: number } | null {
  const match = EXCEL_SERIAL.exec(text);
  if (match === null) return null;
  const days = Number(match[1]);
  if (days < EXCEL_FIRST || days > EXCEL_LAST) return null;
  const ms = EXCEL_EPOCH + Math.round(Number(text) * DAY_MS);
  const at = new Date(ms);
  const date = { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
  return { date, ms };
}

/**
 * A calendar date -> `YYYY-MM-DD`. ISO (`2025-03-31`, also with `/` or `.`, and `20250331`), `31/03/2025` or `03/31/2025`
 * by the date order (two-digit years as Excel reads them), `31.3.2025` (always day first), `31-Mar-2025`,
 * `31 March 2025`, `March 31, 2025`, `Mon, 31 Mar 2025`, and Excel serial numbers of 1950-2099 (five
 * digits, `45747` = 2025-03-31, with a note). A date with a time (`2025-03-31T00:00:00.000Z`) keeps the date as written.
 */
export function parseDate(raw: string, options: ValueOptions): Parsed<string> {
  const text = cleanCell(raw);
  const expected = DATE_EXPECTED[options.dateOrder];
  if (text === '') return fail(expected);
  const serial = excelSerial(text);
  if (serial !== null) {
    const value = formatDate(serial.date);
    return ok(value, `read the Excel serial number ${text} as ${value}`);
  }
  let date = readDate(text, options.dateOrder);
  let note: string | undefined;
  if (date === null) {
    const split = splitTime(text);
    if (split !== null) {
      date = readDate(split.date, options.dateOrder);
      if (split.time !== '' && !ZERO_TIME.test(split.time)) note = `ignored the time in ${quote(text)}`;
    }
  }
  if (date === null) return fail(`${expected}, not ${quote(text)}`);
  if (typeof date === 'string') return fail(`${date} (${expected})`);
  return ok(formatDate(date), note);
}

// ---------------------------------------------------------------------------------------------------
// Date and time

// date, then `T` or spaces, then the time, an optional AM/PM, and an optional zone: `Z`, `UTC`, `GMT`,
// `+02:00`, `+0200`, `+02`, or Data Loader's `Z-0300` (a literal Z followed by the offset).
const TIME =
  /^(.+?)(?:t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?\s*(z|utc|gmt)?\s*(?:([+-])(\d{2}):?(\d{2})?)?$/i;
const LEADING_T = /^t/i;
const ZERO_TIME = /^0?0:00(?::00(?:[.,]0+)?)?(?:\s*(?:z|utc|gmt))?(?:\s*[+-]00:?(?:00)?)?$/i;
const DATETIME_EXPECTED =
  'expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given)';

interface SplitTime {
  date: string;
  time: string;
  match: RegExpExecArray;
}
function splitTime(text: string): SplitTime | null {
  const match = TIME.exec(text);
  if (match === null) return null;
  return { date: match[1]!, time: text.slice(match[1]!.length).replace(LEADING_T, '').trim(), match };
}

function timeOfDay(text: string, match: RegExpExecArray): { ms: number } | string {
  let hours = Number(match[2]);
  const minutes = Number(match[3]);
  const seconds = match[4] === undefined ? 0 : Number(match[4]);
  const millis = match[5] === undefined ? 0 : Number(match[5].slice(0, 3).padEnd(3, '0'));
  const meridiem = match[6]?.[0]?.toLowerCase();
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return `${quote(text)} has an hour ${hours} with AM/PM`;
    hours = (hours % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return `${quote(text)} has no such time of day`;
  let offset = 0;
  if (match[8] !== undefined) {
    const offsetHours = Number(match[9]);
    const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
    if (offsetHours > 14 || offsetMinutes > 59) return `${quote(text)} has no such time zone offset`;
    offset = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return { ms: ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis - offset };
}

// The shape exports write most (`2025-03-31T10:00:00.000Z`, `...+0000`), read without the general pattern.
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):?(\d{2}))?$/;

/** The fast path of `parseDateTime`; null sends the cell down the general path (and its messages). */
function isoDateTime(text: string): string | null {
  const match = ISO_DATETIME.exec(text);
  if (match === null) return null;
  const [year, month, day, hours, minutes, seconds] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i]));
  if (
    typeof calendarDate(text, year!, month!, day!) === 'string' ||
    hours! > 23 ||
    minutes! > 59 ||
    seconds! > 59
  )
    return null;
  const millis = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
  const offset =
    match[8] === undefined
      ? 0
      : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10])) * 60_000;
  if (Number(match[9] ?? 0) > 14 || Number(match[10] ?? 0) > 59) return null;
  return new Date(Date.UTC(year!, month! - 1, day, hours, minutes, seconds, millis) - offset).toISOString();
}

/**
 * A moment -> ISO string (`2025-03-31T10:00:00.000Z`). Any date `parseDate` reads, then `T` or a space and
 * `HH:mm[:ss[.fff]]` with optional AM/PM, then an optional zone (`Z`, `UTC`, `+02:00`, `+0200`, and
 * Salesforce's `.000Z` and `+0000`). Without a zone the time is UTC; a date alone is midnight UTC.
 */
export function parseDateTime(raw: string, options: ValueOptions): Parsed<string> {
  const text = cleanCell(raw);
  if (text === '') return fail(DATETIME_EXPECTED);
  const serial = excelSerial(text);
  if (serial !== null) {
    const value = new Date(serial.ms).toISOString();
    return ok(value, `read the Excel serial number ${text} as ${value}`);
  }
  const iso = isoDateTime(text);
  if (iso !== null) return ok(iso);
  const split = splitTime(text);
  const date = readDate(split === null ? text : split.date, options.dateOrder);
  if (date === null) return fail(`${DATETIME_EXPECTED}, not ${quote(text)}`);
  if (typeof date === 'string') return fail(`${date} (${DATETIME_EXPECTED})`);
  const time = split === null ? { ms: 0 } : timeOfDay(text, split.match);
  if (typeof time === 'string') return fail(`${time} (${DATETIME_EXPECTED})`);
  return ok(new Date(Date.UTC(date.year, date.month - 1, date.day) + time.ms).toISOString());
}

// ---------------------------------------------------------------------------------------------------
// Numbers: exact decimal strings, never through a float

const NUMBER_SPACES = /[\s\u00a0\u2007\u2009\u202f\u3000']+/g;
const NUMBER_SHAPE = /^(\d[\d.,]*)?(?:[eE]([+-]?\d{1,3}))?$/;
const SPACED_DIGITS = /\d[\s\u00a0\u2007\u2009\u202f']\d{3}(?!\d)/;
const GROUPED = /^\d{1,3}(?:[.,]\d{3})+$/;
const LEADING_ZEROS = /^0+(?=\d)/;
const TRAILING_ZEROS = /0+$/;
const MARKS = /[.,]/g;

const NUMBER_EXPECTED = {
  '.': 'expected a number like 1234.56 or 1,234.56 (decimal point)',
  ',': 'expected a number like 1234,56 or 1.234,56 (decimal comma)',
} as const;

interface Unsigned {
  digits: string;
  /** Digits after the decimal mark. */
  scale: number;
}

/** Moves the decimal mark: `shift` 2 multiplies by 100, -2 divides by 100 (exactly). */
function toDecimalString(negative: boolean, number: Unsigned, shift = 0): string {
  let { digits } = number;
  let scale = number.scale - shift;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const whole = digits.slice(0, digits.length - scale).replace(LEADING_ZEROS, '');
  const fraction = digits.slice(digits.length - scale).replace(TRAILING_ZEROS, '');
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** `1,234.56` / `1.234,56` / `1234` -> digits and scale; a mark used twice must be a thousands separator. */
function readUnsigned(body: string, decimal: '.' | ',', spaced: boolean): Unsigned | null {
  const match = NUMBER_SHAPE.exec(body);
  if (match === null || match[1] === undefined) return null;
  let mantissa = match[1];
  const lastDot = mantissa.lastIndexOf('.');
  const lastComma = mantissa.lastIndexOf(',');
  let mark: '.' | ',' | null = null;
  if (lastDot >= 0 && lastComma >= 0) mark = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const only = lastDot >= 0 ? '.' : ',';
    const twice = mantissa.indexOf(only) !== mantissa.lastIndexOf(only);
    // `1 234,56` (grouped by spaces) and `1,2E+06` (a mantissa) leave no doubt about a lone mark.
    const lone = !twice && (spaced || match[2] !== undefined);
    mark = (only === decimal || lone) && !twice ? only : null;
  }
  let whole = mantissa;
  let fraction = '';
  if (mark !== null) {
    const at = mantissa.lastIndexOf(mark);
    whole = mantissa.slice(0, at);
    fraction = mantissa.slice(at + 1);
    if (fraction.includes('.') || fraction.includes(',') || whole === '') return null;
  }
  if ((whole.includes('.') || whole.includes(',')) && !GROUPED.test(whole)) return null;
  if (whole.includes('.') && whole.includes(',')) return null;
  mantissa = whole.replace(MARKS, '') + fraction;
  const exponent = match[2] === undefined ? 0 : Number(match[2]);
  return { digits: mantissa, scale: fraction.length - exponent };
}

interface SignedNumber {
  negative: boolean;
  number: Unsigned;
  percent: boolean;
}

/** Signs (`-`, `+`, `−`, a trailing minus, accounting parentheses) and a trailing `%` around a number. */
function readSigned(text: string, decimal: '.' | ','): SignedNumber | null {
  const spaced = SPACED_DIGITS.test(text);
  let body = text.replace(NUMBER_SPACES, '');
  let negative = false;
  if (body.startsWith('(') && body.endsWith(')')) {
    negative = true;
    body = body.slice(1, -1);
  }
  const percent = body.endsWith('%');
  if (percent) body = body.slice(0, -1);
  const first = body[0];
  if (first === '-' || first === '\u2212' || first === '+') {
    if (negative && first !== '+') return null;
    negative = first !== '+';
    body = body.slice(1);
  } else if (body.endsWith('-')) {
    negative = true;
    body = body.slice(0, -1);
  }
  const number = readUnsigned(body, decimal, spaced);
  return number === null ? null : { negative, number, percent };
}

/**
 * A decimal number -> exact decimal string (`-1234.5`). `1,234.56` or `1.234,56` (a number using both marks
 * reads unambiguously; one mark alone follows the decimal separator option), `1 234,56`, `1'234.56`,
 * `(1,234)` and `1234-` negative, `1.2E+06` as Excel writes big numbers, and `12%` as `0.12`.
 */
export function parseDecimal(raw: string, options: ValueOptions): Parsed<string> {
  const text = cleanCell(raw);
  const read = readSigned(text, options.decimalSeparator);
  if (read === null) return fail(`${NUMBER_EXPECTED[options.decimalSeparator]}, not ${quote(text)}`);
  return ok(toDecimalString(read.negative, read.number, read.percent ? -2 : 0));
}

/**
 * A percentage in points -> decimal string: `12%`, `12` and `12.5 %` are `12` and `12.5` (a probability of
 * 10 means 10 %).
 */
export function parsePercent(raw: string, options: ValueOptions): Parsed<string> {
  const text = cleanCell(raw);
  const read = readSigned(text, options.decimalSeparator);
  if (read === null) return fail(`expected a percentage like 40 or 40%, not ${quote(text)}`);
  return ok(toDecimalString(read.negative, read.number));
}

/** A whole number (`1,200`, `1200.0`, `1.2E+03`) within JavaScript's safe integers. */
export function parseInteger(raw: string, options: ValueOptions): Parsed<number> {
  const text = cleanCell(raw);
  const expected = `expected a whole number like 1200${options.decimalSeparator === '.' ? ' or 1,200' : ' or 1.200'}`;
  const read = readSigned(text, options.decimalSeparator);
  if (read === null || read.percent) return fail(`${expected}, not ${quote(text)}`);
  const decimal = toDecimalString(read.negative, read.number);
  if (decimal.includes('.')) return fail(`${expected}, not ${quote(text)} (it has a fraction)`);
  const value = Number(decimal);
  if (!Number.isSafeInteger(value)) return fail(`${quote(text)} is too large for a whole number`);
  return ok(value);
}

// ---------------------------------------------------------------------------------------------------
// Currencies and money

const CURRENCY_CODES = new Set(Intl.supportedValuesOf('currency'));
const DOLLARS = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'TWD']);
const CROWNS = new Set(['SEK', 'NOK', 'DKK', 'ISK', 'CZK']);
const YENS = new Set(['JPY', 'CNY']);
/** Symbols that name one currency; `$`, `¥` and `kr` depend on the default currency (see `symbolCurrency`). */
const SYMBOLS = new Map<string, string>([
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₪', 'ILS'],
  ['₫', 'VND'],
  ['₱', 'PHP'],
  ['₦', 'NGN'],
  ['₴', 'UAH'],
  ['฿', 'THB'],
  ['zł', 'PLN'],
  ['r$', 'BRL'],
  ['us$', 'USD'],
  ['u$s', 'USD'],
  ['c$', 'CAD'],
  ['ca$', 'CAD'],
  ['a$', 'AUD'],
  ['au$', 'AUD'],
  ['nz$', 'NZD'],
  ['s$', 'SGD'],
  ['hk$', 'HKD'],
  ['mx$', 'MXN'],
  ['fr.', 'CHF'],
  ['sfr', 'CHF'],
  ['rs', 'INR'],
  ['rs.', 'INR'],
  ['kč', 'CZK'],
  ['ft', 'HUF'],
  ['lei', 'RON'],
]);
const CURRENCY_NAMES = new Map<string, string>();
{
  const names = new Intl.DisplayNames(['en'], { type: 'currency' });
  for (const code of CURRENCY_CODES) {
    const name = names.of(code);
    if (name !== undefined && name !== code) CURRENCY_NAMES.set(name.toLowerCase(), code);
  }
  for (const [name, code] of [
    ['dollar', 'USD'],
    ['dollars', 'USD'],
    ['us dollars', 'USD'],
    ['euro', 'EUR'],
    ['euros', 'EUR'],
    ['pound', 'GBP'],
    ['pounds', 'GBP'],
    ['pound sterling', 'GBP'],
    ['sterling', 'GBP'],
    ['yen', 'JPY'],
    ['yuan', 'CNY'],
    ['renminbi', 'CNY'],
    ['rmb', 'CNY'],
    ['rupee', 'INR'],
    ['rupees', 'INR'],
    ['swiss franc', 'CHF'],
    ['swiss francs', 'CHF'],
  ] as const) {
    CURRENCY_NAMES.set(name, code);
  }
}
const CURRENCY_EXPECTED = 'expected a currency code like USD or EUR (ISO 4217) or a symbol like $, € or £';

function symbolCurrency(
  lower: string,
  defaultCurrency: string | null | undefined,
): string | null | undefined {
  const byDefault = defaultCurrency?.toUpperCase() ?? null;
  if (lower === '$') return byDefault !== null && DOLLARS.has(byDefault) ? byDefault : 'USD';
  if (lower === '¥' || lower === '￥') return byDefault !== null && YENS.has(byDefault) ? byDefault : 'JPY';
  if (lower === 'kr' || lower === 'kr.')
    return byDefault !== null && CROWNS.has(byDefault) ? byDefault : null;
  return SYMBOLS.get(lower);
}

function currencyOf(text: string, defaultCurrency?: string | null): string | null {
  const lower = text.toLowerCase();
  const upper = text.toUpperCase();
  if (upper.length === 3 && CURRENCY_CODES.has(upper)) return upper;
  return symbolCurrency(lower, defaultCurrency) ?? CURRENCY_NAMES.get(lower) ?? null;
}

/**
 * A currency -> ISO 4217 code: codes in any case (`usd`), symbols (`€`, `£`, `US$`, `R$`; `$` is USD unless
 * the default currency is another dollar, `¥` JPY unless it is CNY) and English names (`Euro`, `US Dollar`).
 */
export function parseCurrency(raw: string, options?: Pick<ValueOptions, 'defaultCurrency'>): Parsed<string> {
  const text = cleanCell(raw);
  const code = text === '' ? null : currencyOf(text, options?.defaultCurrency);
  if (code === null) {
    if (text.toLowerCase().startsWith('kr'))
      return fail(`${quote(text)} could be Swedish, Norwegian or Danish crowns: use SEK, NOK or DKK`);
    return fail(`${CURRENCY_EXPECTED}, not ${quote(text)}`);
  }
  return ok(code);
}

// A currency before or after the number (a code, a symbol, or `US$`), and a multiplier (`k`, `M`, `MM`, `bn`).
const MONEY =
  /^([^\d\s.,()+\-\u2212]*)\s*(.*?\d[\d\s.,'\u00a0\u202f]*(?:[eE][+-]?\d+)?)\s*(?:(mm|mn|bn|k|m|b)(?![a-z]))?\)?\s*([^\d\s.,()]*)$/i;
const MULTIPLIERS: Record<string, number> = { k: 3, m: 6, mm: 6, mn: 6, b: 9, bn: 9 };
const MONEY_EXPECTED = {
  '.': 'expected an amount like 40000, 40,000.00, $40,000, 40k, 1.2M or 40000 USD',
  ',': 'expected an amount like 40000, 40.000,00, €40.000, 40k, 1,2M or 40000 EUR',
} as const;

/**
 * An amount with an optional currency -> `{ amount, currency }` (currency `null` when the cell names none):
 * `$40,000`, `-$40`, `($40)`, `40k`, `1.2M`, `€1.234,56`, `40 000 €`, `40000 USD`, `USD 40000`.
 */
export function parseMoney(
  raw: string,
  options: ValueOptions,
): Parsed<{ amount: string; currency: string | null }> {
  const text = cleanCell(raw);
  const expected = `${MONEY_EXPECTED[options.decimalSeparator]}, not ${quote(text)}`;
  let body = text;
  let negative = false;
  if (body.startsWith('(') && body.endsWith(')')) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  if (body.startsWith('-') || body.startsWith('\u2212')) {
    negative = !negative;
    body = body.slice(1).trim();
  }
  const match = MONEY.exec(body);
  if (match === null) return fail(expected);
  const [, before = '', number = '', multiplier, after = ''] = match;
  if (before !== '' && after !== '')
    return fail(`${quote(text)} names a currency twice (${MONEY_EXPECTED[options.decimalSeparator]})`);
  const symbol = before || after;
  let currency: string | null = null;
  if (symbol !== '') {
    currency = currencyOf(symbol, options.defaultCurrency);
    if (currency === null) return fail(`${quote(symbol)} is not a currency I know (${CURRENCY_EXPECTED})`);
  }
  const read = readSigned(number, options.decimalSeparator);
  if (read === null || read.percent) return fail(expected);
  const shift = multiplier === undefined ? 0 : MULTIPLIERS[multiplier.toLowerCase()]!;
  return ok({ amount: toDecimalString(negative !== read.negative, read.number, shift), currency });
}

// ---------------------------------------------------------------------------------------------------
// Countries

const ALPHA3: Record<string, string> = {
  USA: 'US',
  GBR: 'GB',
  CAN: 'CA',
  AUS: 'AU',
  NZL: 'NZ',
  IRL: 'IE',
  DEU: 'DE',
  FRA: 'FR',
  ESP: 'ES',
  ITA: 'IT',
  PRT: 'PT',
  NLD: 'NL',
  BEL: 'BE',
  LUX: 'LU',
  CHE: 'CH',
  AUT: 'AT',
  SWE: 'SE',
  NOR: 'NO',
  DNK: 'DK',
  FIN: 'FI',
  ISL: 'IS',
  POL: 'PL',
  CZE: 'CZ',
  SVK: 'SK',
  HUN: 'HU',
  ROU: 'RO',
  BGR: 'BG',
  GRC: 'GR',
  TUR: 'TR',
  RUS: 'RU',
  UKR: 'UA',
  ISR: 'IL',
  ARE: 'AE',
  SAU: 'SA',
  QAT: 'QA',
  EGY: 'EG',
  ZAF: 'ZA',
  NGA: 'NG',
  KEN: 'KE',
  MAR: 'MA',
  IND: 'IN',
  PAK: 'PK',
  BGD: 'BD',
  CHN: 'CN',
  HKG: 'HK',
  TWN: 'TW',
  JPN: 'JP',
  KOR: 'KR',
  SGP: 'SG',
  MYS: 'MY',
  IDN: 'ID',
  PHL: 'PH',
  THA: 'TH',
  VNM: 'VN',
  MEX: 'MX',
  BRA: 'BR',
  ARG: 'AR',
  CHL: 'CL',
  COL: 'CO',
  PER: 'PE',
  URY: 'UY',
  JOR: 'JO',
  PAN: 'PA',
  HRV: 'HR',
  SVN: 'SI',
  SRB: 'RS',
  EST: 'EE',
  LVA: 'LV',
  LTU: 'LT',
};
const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US',
  us: 'US',
  america: 'US',
  'united states of america': 'US',
  'u s a': 'US',
  'u s': 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  korea: 'KR',
  'republic of korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'russian federation': 'RU',
  'czech republic': 'CZ',
  turkey: 'TR',
  holland: 'NL',
  'the netherlands': 'NL',
  uae: 'AE',
  'ivory coast': 'CI',
  'viet nam': 'VN',
  'mainland china': 'CN',
  'peoples republic of china': 'CN',
  prc: 'CN',
  deutschland: 'DE',
  espana: 'ES',
  schweiz: 'CH',
  suisse: 'CH',
  italia: 'IT',
  brasil: 'BR',
  'hong kong sar': 'HK',
  macao: 'MO',
  burma: 'MM',
  myanmar: 'MM',
  'hong kong': 'HK',
  macau: 'MO',
  'democratic republic of the congo': 'CD',
  drc: 'CD',
  'republic of the congo': 'CG',
  congo: 'CG',
  'cote d ivoire': 'CI',
  bosnia: 'BA',
  'south korea': 'KR',
  swaziland: 'SZ',
  'east timor': 'TL',
  'cape verde': 'CV',
  'republic of ireland': 'IE',
};
const ACCENTS = /[\u0300-\u036f]/g;
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g;
/** Lower case, no accents, punctuation and spaces folded to one space. */
const words = (text: string): string =>
  text.normalize('NFD').replace(ACCENTS, '').toLowerCase().replace(NOT_ALPHANUMERIC, ' ').trim();

/** Codes ICU names that are not ISO 3166-1 countries (unions, reserved and withdrawn codes, pseudo-locales). */
const NOT_COUNTRIES = new Set(
  'AC AN BU CP CQ CS DD DG EA EU EZ FX IC NT QO QU SU TA TP UK UN XA XB YD YU ZR ZZ'.split(' '),
);
const COUNTRY_NAMES = new Map<string, string>();
/** English names as ICU writes them, for the note of a corrected spelling. */
const COUNTRY_SPELLINGS: Record<string, string> = {};
const ALPHA2 = new Set<string>();
{
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const A = 65;
  for (let i = 0; i < 26; i += 1) {
    for (let j = 0; j < 26; j += 1) {
      const code = String.fromCharCode(A + i, A + j);
      const name = names.of(code);
      // Codes without a name come back unchanged; EU, UN, EZ and the like are not countries.
      if (name === undefined || name === code || NOT_COUNTRIES.has(code)) continue;
      ALPHA2.add(code);
      COUNTRY_NAMES.set(words(name), code);
      COUNTRY_SPELLINGS[name] = code;
    }
  }
  for (const [name, code] of Object.entries(COUNTRY_ALIASES)) COUNTRY_NAMES.set(name, code);
  for (const name of [
    'United States of America',
    'Czech Republic',
    'Turkey',
    'Russia',
    'Ivory Coast',
    'Holland',
  ]) {
    COUNTRY_SPELLINGS[name] = COUNTRY_NAMES.get(words(name))!;
  }
}

/**
 * A country -> ISO 3166-1 alpha-2 (`US`): alpha-2, alpha-3 for the common ones, English names and their
 * usual variants (`USA`, `UK`, `United States of America`, `Korea`, `Czech Republic`), with typo tolerance
 * as for enums (`Philipines` -> `PH`, with a note).
 */
export function parseCountry(raw: string): Parsed<string> {
  const text = cleanCell(raw);
  const upper = text.toUpperCase();
  if (upper.length === 2 && ALPHA2.has(upper)) return ok(upper);
  if (upper.length === 3 && ALPHA3[upper] !== undefined) return ok(ALPHA3[upper]);
  const byName = COUNTRY_NAMES.get(words(text));
  if (byName !== undefined) return ok(byName);
  const guess = closest(COUNTRY_INDEX, text);
  if (guess !== null) return ok(guess.value, `read ${quote(text)} as ${quote(guess.spelling)}`);
  return fail(`expected a country like US, USA or United States, not ${quote(text)}`);
}

// ---------------------------------------------------------------------------------------------------
// Enums, with typo tolerance

interface EnumIndex {
  /** Normalised spelling -> the choice it stands for. */
  exact: Map<string, string>;
  /** Normalised spelling -> how it was written (for the note). */
  spellings: Map<string, string>;
  /** Corrections already worked out, so a million "technolgy" cells cost one search. */
  memo: Map<string, { value: string; spelling: string } | null>;
  expected: string;
}
const MEMO_LIMIT = 10_000;
/** Case, accents, spaces and punctuation do not count: `Closed Won`, `closed_won` and `closedwon` match. */
const squash = (text: string): string => words(text).replaceAll(' ', '');

function buildIndex(
  choices: readonly string[],
  synonyms: Record<string, string> | undefined,
  expected: string,
): EnumIndex {
  const index: EnumIndex = { exact: new Map(), spellings: new Map(), memo: new Map(), expected };
  const add = (spelling: string, value: string): void => {
    const key = squash(spelling);
    if (key === '' || index.exact.has(key)) return;
    index.exact.set(key, value);
    index.spellings.set(key, spelling);
  };
  for (const choice of choices) add(choice, choice);
  for (const [spelling, value] of Object.entries(synonyms ?? {})) add(spelling, value);
  return index;
}

/** Edit distance counting a swap of neighbours as one edit ("retial"), giving up beyond `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The one spelling within 1 edit (4+ letters) or 2 edits (8+ letters); null when none or several tie. */
function closest(index: EnumIndex, text: string): { value: string; spelling: string } | null {
  const key = squash(text);
  const remembered = index.memo.get(key);
  if (remembered !== undefined) return remembered;
  const limit = key.length >= 8 ? 2 : key.length >= 4 ? 1 : 0;
  let best: { value: string; spelling: string } | null = null;
  let bestDistance = limit + 1;
  let tie = false;
  if (limit > 0) {
    for (const [candidate, value] of index.exact) {
      const d = distance(key, candidate, limit);
      if (d < bestDistance) {
        best = { value, spelling: index.spellings.get(candidate)! };
        bestDistance = d;
        tie = false;
      } else if (d === bestDistance && best !== null && best.value !== value) tie = true;
    }
  }
  const found = tie ? null : best;
  if (index.memo.size < MEMO_LIMIT) index.memo.set(key, found);
  return found;
}

const COUNTRY_INDEX: EnumIndex = buildIndex([], COUNTRY_SPELLINGS, '');
const NO_SYNONYMS: Record<string, string> = {};
const INDEXES = new WeakMap<readonly string[], WeakMap<Record<string, string>, EnumIndex>>();

function enumIndex(choices: readonly string[], synonyms: Record<string, string>): EnumIndex {
  let bySynonyms = INDEXES.get(choices);
  if (bySynonyms === undefined) {
    bySynonyms = new WeakMap();
    INDEXES.set(choices, bySynonyms);
  }
  let index = bySynonyms.get(synonyms);
  if (index === undefined) {
    index = buildIndex(choices, synonyms, `expected one of ${choices.join(', ')}`);
    bySynonyms.set(synonyms, index);
  }
  return index;
}

/**
 * One of `choices`, ignoring case, accents, spaces and punctuation; `synonyms` maps other spellings to a
 * choice. A spelling within 1 edit (4+ letters) or 2 edits (8+ letters) of exactly one choice or synonym
 * is taken with a note: `read "technolgy" as "technology"`. Keep `choices` and `synonyms` as constants:
 * their lookup is built once per pair of objects.
 */
export function parseEnum<T extends string>(
  raw: string,
  choices: readonly T[],
  synonyms: Record<string, T> = NO_SYNONYMS as Record<string, T>,
): Parsed<T> {
  const text = cleanCell(raw);
  const index = enumIndex(choices, synonyms);
  const exact = index.exact.get(squash(text));
  if (exact !== undefined) return ok(exact as T);
  const guess = text === '' ? null : closest(index, text);
  if (guess !== null) return ok(guess.value as T, `read ${quote(text)} as ${quote(guess.spelling)}`);
  return fail(`${index.expected}, not ${quote(text)}`);
}

// ---------------------------------------------------------------------------------------------------
// Booleans, lists, size bands

const TRUE = new Set(['yes', 'y', 'true', 't', '1', 'x', 'on', 'checked', 'oui', 'ja', 'si']);
const FALSE = new Set(['no', 'n', 'false', 'f', '0', '', 'off', 'unchecked', 'non', 'nein']);

/** yes/no, true/false, 1/0, y/n, on/off; `x` (a ticked box) is true and a blank cell false. */
export function parseBoolean(raw: string): Parsed<boolean> {
  const text = cleanCell(raw).toLowerCase();
  if (TRUE.has(text)) return ok(true);
  if (FALSE.has(text)) return ok(false);
  return fail(`expected yes or no (also true/false, 1/0, y/n, x or blank), not ${quote(text)}`);
}

/**
 * Items separated by `;`, else `|`, else `,` (the first of these the cell contains), trimmed, blanks and
 * repeats (ignoring case) dropped. A blank cell is an empty list.
 */
export function parseList(raw: string): Parsed<string[]> {
  const text = cleanCell(raw);
  if (text === '') return ok([]);
  const separator = text.includes(';') ? ';' : text.includes('|') ? '|' : ',';
  const seen = new Set<string>();
  const items: string[] = [];
  for (const part of text.split(separator)) {
    const item = part.trim();
    const key = item.toLowerCase();
    if (item === '' || seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return ok(items);
}

export type SizeBand = (typeof sizeBands)[number];
const BAND_BOUNDS: readonly (readonly [number, number])[] = sizeBands.map((band) => {
  const [low, high] = band.replace('+', '-').split('-');
  return [Number(low), high === '' || high === undefined ? Infinity : Number(high)] as const;
});
const THOUSANDS = /[,.\s](?=\d{3}\b)/g;
const DIGITS = /^\d+$/;
const RANGE = /^(\d+)\s*(?:-|–|to)\s*(\d+)$/;
const OPEN_RANGE = /^(\d+)\s*(?:\+|or more|and more)$/;
const bandOf = (count: number): SizeBand => sizeBands[BAND_BOUNDS.findIndex(([, high]) => count <= high)]!;
const SIZE_EXPECTED = `expected an employee count like 250 or a band like ${sizeBands.join(', ')}`;

/**
 * A company size -> size band: a band as written (`51-200`), an employee count (`250`, `1,200`), or another
 * CRM's range (`201-500`, `10,001+`): the band that holds the whole range, else the band of its middle,
 * with a note.
 */
export function parseSizeBand(raw: string): Parsed<SizeBand> {
  const text = cleanCell(raw).toLowerCase().replace(THOUSANDS, '');
  const exact = sizeBands.find((band) => band === text);
  if (exact !== undefined) return ok(exact);
  if (DIGITS.test(text)) return ok(bandOf(Number(text)));
  const open = OPEN_RANGE.exec(text);
  if (open !== null) return ok(bandOf(Number(open[1])));
  const range = RANGE.exec(text);
  if (range === null) return fail(`${SIZE_EXPECTED}, not ${quote(raw.trim())}`);
  const low = Number(range[1]);
  const high = Number(range[2]);
  if (low > high) return fail(`${SIZE_EXPECTED}, not ${quote(raw.trim())}`);
  if (bandOf(low) === bandOf(high)) return ok(bandOf(low));
  const band = bandOf(Math.round((low + high) / 2));
  return ok(band, `read the range ${low}-${high} as ${band}`);
}

// ---------------------------------------------------------------------------------------------------
// Emails, phones, URLs, domains

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const NAMED_EMAIL = /<([^<>]+)>\s*$/;
const MAILTO = /^mailto:/i;

/** An email address, lower-cased: also `mailto:` links and `Jane Doe <jane@acme.com>`. */
export function parseEmail(raw: string): Parsed<string> {
  const text = cleanCell(raw);
  const named = NAMED_EMAIL.exec(text);
  const address = (named === null ? text : named[1]!).replace(MAILTO, '').trim().toLowerCase();
  if (!EMAIL.test(address) || address.includes('..'))
    return fail(`expected an email address like jane@acme.com, not ${quote(text)}`);
  return ok(address);
}

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$/i;
const PHONE_PUNCTUATION = /[\s().\-/\u2010-\u2015]+/g;
const TEL = /^tel:/i;
const TRUNK_ZERO = /^\+(\d{1,3})\s*\(0\)/;
const PHONE_DIGITS = /^\+?\d+$/;

/**
 * A phone number -> digits with a leading `+` when given, and ` x123` for an extension (`ext. 123`,
 * `x123`, `#123`); `+44 (0)20` drops the `(0)`. Letters (`1-800-FLOWERS`) are refused.
 */
export function parsePhone(raw: string): Parsed<string> {
  const text = cleanCell(raw).replace(TEL, '');
  const extension = EXTENSION.exec(text);
  const main = (extension === null ? text : text.slice(0, extension.index)).replace(TRUNK_ZERO, '+$1');
  const compact = main.replace(PHONE_PUNCTUATION, '');
  const digits = compact.startsWith('+') ? compact.length - 1 : compact.length;
  if (!PHONE_DIGITS.test(compact) || digits < 4 || digits > 15) {
    return fail(`expected a phone number like +1 415 555 0100 or (415) 555-0100 x12, not ${quote(text)}`);
  }
  return ok(extension === null ? compact : `${compact} x${extension[1]}`);
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/;
const TRAILING_DOT = /\.$/;
const WWW = /^www\d?\./;
const URL_EXPECTED = 'expected a web address like https://acme.com or acme.com';

function readUrl(text: string): URL | null {
  if (text === '' || text.includes(' ')) return null;
  const withScheme = SCHEME.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '') return null;
  return HOST.test(url.hostname.replace(TRAILING_DOT, '')) ? url : null;
}

/** A web address -> absolute URL; `acme.com/about` becomes `https://acme.com/about`. Only http and https. */
export function parseUrl(raw: string): Parsed<string> {
  const text = cleanCell(raw);
  const url = readUrl(text);
  return url === null ? fail(`${URL_EXPECTED}, not ${quote(text)}`) : ok(url.href);
}

/**
 * A company's domain -> bare lower-case host without `www.`: from a domain, a URL
 * (`https://www.acme.com/about` -> `acme.com`) or an email address (`jane@acme.com` -> `acme.com`).
 */
export function parseDomain(raw: string): Parsed<string> {
  const text = cleanCell(raw);
  const at = text.lastIndexOf('@');
  const url = readUrl(at > 0 && !SCHEME.test(text) ? text.slice(at + 1) : text);
  if (url === null) return fail(`expected a domain like acme.com (or a web address), not ${quote(text)}`);
  return ok(url.hostname.replace(TRAILING_DOT, '').replace(WWW, ''));
}

/** Several values of one kind in a cell (see `parseList`); the first bad one fails the cell. */
export function parseEach<T>(raw: string, parse: (item: string) => Parsed<T>): Parsed<T[]> {
  const list = parseList(raw);
  if (!list.ok) return list;
  const values: T[] = [];
  const notes: string[] = [];
  for (const item of list.value) {
    const parsed = parse(item);
    if (!parsed.ok) return parsed;
    values.push(parsed.value);
    if (parsed.note !== undefined) notes.push(parsed.note);
  }
  return ok(values, notes.length === 0 ? undefined : notes.join('; '));
}
