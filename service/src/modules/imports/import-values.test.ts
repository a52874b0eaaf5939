import { describe, expect, it } from '@jest/globals';
import {
  parseBoolean,
  parseCountry,
  parseCurrency,
  parseDate,
  parseDateTime,
  parseDecimal,
  parseDomain,
  parseEmail,
  parseEnum,
  parseInteger,
  parseList,
  parseMoney,
  parsePercent,
  parsePhone,
  parseSizeBand,
  parseUrl,
  type Parsed,
  type ValueOptions,
} from './import-values.js';

const dmy: ValueOptions = { dateOrder: 'dmy', decimalSeparator: '.' };
const mdy: ValueOptions = { dateOrder: 'mdy', decimalSeparator: '.' };
const ymd: ValueOptions = { dateOrder: 'ymd', decimalSeparator: '.' };
const comma: ValueOptions = { dateOrder: 'dmy', decimalSeparator: ',' };

/** The value, or the message prefixed with `!`, so one table holds both. */
const read = <T>(parsed: Parsed<T>): T | string => (parsed.ok ? parsed.value : `! ${parsed.message}`);
const noteOf = <T>(parsed: Parsed<T>): string | undefined => (parsed.ok ? parsed.note : undefined);

describe('parseDate', () => {
  it.each([
    ['2025-03-31', dmy, '2025-03-31'],
    ['2025/3/1', mdy, '2025-03-01'],
    ['20250331', mdy, '2025-03-31'],
    ['31/03/2025', dmy, '2025-03-31'],
    ['03/31/2025', mdy, '2025-03-31'],
    ['04/03/2025', dmy, '2025-03-04'],
    ['04/03/2025', mdy, '2025-04-03'],
    ['31.3.2025', mdy, '2025-03-31'],
    ['31-Mar-2025', dmy, '2025-03-31'],
    ['31 March 2025', mdy, '2025-03-31'],
    ['March 31, 2025', dmy, '2025-03-31'],
    ['Sept 1 2025', dmy, '2025-09-01'],
    ['Mon, 31 Mar 2025', dmy, '2025-03-31'],
    ['31/03/25', dmy, '2025-03-31'],
    ['1/2/99', mdy, '1999-01-02'],
    ['25/03/31', ymd, '2025-03-31'],
    ['31/03/2025', ymd, '2025-03-31'],
    ['2024-02-29', dmy, '2024-02-29'],
    ['  2025-03-31\u00a0', dmy, '2025-03-31'],
    ['2010-10-14T00:00:00.000Z', dmy, '2010-10-14'],
  ])('%s (%o) -> %s', (raw, options, expected) => {
    expect(read(parseDate(raw, options))).toBe(expected);
  });

  it('takes Excel serial numbers and a time it drops, with a note', () => {
    expect(parseDate('45747', dmy)).toEqual({
      ok: true,
      value: '2025-03-31',
      note: 'read the Excel serial number 45747 as 2025-03-31',
    });
    expect(noteOf(parseDate('2010-10-14T12:00:00.000Z', dmy))).toBe(
      'ignored the time in "2010-10-14T12:00:00.000Z"',
    );
  });

  it.each([
    [
      '2025-02-30',
      dmy,
      '"2025-02-30" is not a date: February has 28 days in 2025 (expected a date like 2025-03-31 or 31/03/2025 (day first))',
    ],
    [
      '31/04/2025',
      dmy,
      '"31/04/2025" is not a date: April has 30 days (expected a date like 2025-03-31 or 31/03/2025 (day first))',
    ],
    [
      '03/31/2025',
      dmy,
      '"03/31/2025" has no month 31 (expected a date like 2025-03-31 or 31/03/2025 (day first))',
    ],
    [
      '31/03/2025',
      mdy,
      '"31/03/2025" has no month 31 with the month first (mm/dd/yyyy); is the file day first? (expected a date like 2025-03-31 or 03/31/2025 (month first))',
    ],
    [
      '04/03/2025',
      ymd,
      '"04/03/2025" could be day or month first; choose the date order (expected a date like 2025-03-31 or 25/03/31 (year first))',
    ],
    ['next week', dmy, 'expected a date like 2025-03-31 or 31/03/2025 (day first), not "next week"'],
    ['31 Foo 2025', dmy, 'expected a date like 2025-03-31 or 31/03/2025 (day first), not "31 Foo 2025"'],
    ['', mdy, 'expected a date like 2025-03-31 or 03/31/2025 (month first)'],
    ['2025', dmy, 'expected a date like 2025-03-31 or 31/03/2025 (day first), not "2025"'],
    [
      '20250231',
      dmy,
      '"20250231" is not a date: February has 28 days in 2025 (expected a date like 2025-03-31 or 31/03/2025 (day first))',
    ],
    ['94105', dmy, 'expected a date like 2025-03-31 or 31/03/2025 (day first), not "94105"'],
  ])('refuses %s (%o)', (raw, options, message) => {
    expect(parseDate(raw, options)).toEqual({ ok: false, message });
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2025-03-31T10:00:00Z', mdy, '2025-03-31T10:00:00.000Z'],
    ['2025-03-31T10:00:00.000Z', mdy, '2025-03-31T10:00:00.000Z'],
    ['2025-03-31T10:00:00.000+0000', mdy, '2025-03-31T10:00:00.000Z'],
    ['2025-03-31T12:00:00+02:00', mdy, '2025-03-31T10:00:00.000Z'],
    ['2025-03-31 10:00', dmy, '2025-03-31T10:00:00.000Z'],
    ['2025-03-31 10:00:05.123456', dmy, '2025-03-31T10:00:05.123Z'],
    ['31/03/2025 10:00', dmy, '2025-03-31T10:00:00.000Z'],
    ['3/31/2025 2:30 PM', mdy, '2025-03-31T14:30:00.000Z'],
    ['3/31/2025 12:15 am', mdy, '2025-03-31T00:15:00.000Z'],
    ['07/15/2009 02:14:45+0800', mdy, '2009-07-14T18:14:45.000Z'],
    ['07/13/2009 22:14:45-0800', mdy, '2009-07-14T06:14:45.000Z'],
    // Data Loader's `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'Z`: a literal Z, then the offset.
    ['2010-10-14T12:00:00.000Z-0300', mdy, '2010-10-14T15:00:00.000Z'],
    ['2025-03-31 10:00 UTC', dmy, '2025-03-31T10:00:00.000Z'],
    ['2025-03-31', dmy, '2025-03-31T00:00:00.000Z'],
    ['March 31, 2025 9:05', dmy, '2025-03-31T09:05:00.000Z'],
    ['45747.5', dmy, '2025-03-31T12:00:00.000Z'],
    ['2024-02-29T23:59:59.9999Z', dmy, '2024-02-29T23:59:59.999Z'],
    ['2025-03-31T01:00:00-05:30', dmy, '2025-03-31T06:30:00.000Z'],
  ])('%s -> %s', (raw, options, expected) => {
    expect(read(parseDateTime(raw, options))).toBe(expected);
  });

  it.each([
    [
      '2025-03-31 25:00',
      '"2025-03-31 25:00" has no such time of day (expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given))',
    ],
    [
      '2025-03-31 13:00 PM',
      '"2025-03-31 13:00 PM" has an hour 13 with AM/PM (expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given))',
    ],
    [
      '2009\\7\\14 22:14:45+0800',
      'expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given), not "2009\\\\7\\\\14 22:14:45+0800"',
    ],
    [
      '2025-02-29T10:00:00Z',
      '"2025-02-29" is not a date: February has 28 days in 2025 (expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given))',
    ],
    [
      '2025-03-31T10:61:00Z',
      '"2025-03-31T10:61:00Z" has no such time of day (expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given))',
    ],
    [
      '2025-03-31T10:00:00+15:00',
      '"2025-03-31T10:00:00+15:00" has no such time zone offset (expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given))',
    ],
    [
      '2025-02-29 10:00',
      '"2025-02-29" is not a date: February has 28 days in 2025 (expected a date and time like 2025-03-31T10:00:00Z or 2025-03-31 10:00 (UTC unless a zone is given))',
    ],
  ])('refuses %s', (raw, message) => {
    expect(parseDateTime(raw, dmy)).toEqual({ ok: false, message });
  });
});

describe('parseDecimal', () => {
  it.each([
    ['1234.56', dmy, '1234.56'],
    ['1,234.56', dmy, '1234.56'],
    ['1.234,56', dmy, '1234.56'],
    ['1.234,56', comma, '1234.56'],
    ['1,234', dmy, '1234'],
    ['1,234', comma, '1.234'],
    ['1.234.567', dmy, '1234567'],
    ['1 234,56', dmy, '1234.56'],
    ['1 234,56', comma, '1234.56'],
    ["1'234.50", dmy, '1234.5'],
    ['(1,234)', dmy, '-1234'],
    ['-12.5', dmy, '-12.5'],
    ['\u221212.5', dmy, '-12.5'],
    ['+7', dmy, '7'],
    ['1234-', dmy, '-1234'],
    ['12%', dmy, '0.12'],
    ['12,5 %', comma, '0.125'],
    ['1.2E+06', dmy, '1200000'],
    ['1,2E+06', comma, '1200000'],
    ['1.5E-3', dmy, '0.0015'],
    ['007.50', dmy, '7.5'],
    ['-0', dmy, '0'],
    ['0.1', dmy, '0.1'],
    // Beyond a float's precision, still exact.
    ['12345678901234567890.123456789', dmy, '12345678901234567890.123456789'],
  ])('%s (%o) -> %s', (raw, options, expected) => {
    expect(read(parseDecimal(raw, options))).toBe(expected);
  });

  it.each([
    ['1,5', dmy, 'expected a number like 1234.56 or 1,234.56 (decimal point), not "1,5"'],
    ['1.5', comma, 'expected a number like 1234,56 or 1.234,56 (decimal comma), not "1.5"'],
    ['12 apples', dmy, 'expected a number like 1234.56 or 1,234.56 (decimal point), not "12 apples"'],
    ['1.2.3', dmy, 'expected a number like 1234.56 or 1,234.56 (decimal point), not "1.2.3"'],
    ['', dmy, 'expected a number like 1234.56 or 1,234.56 (decimal point), not ""'],
    ['-(5)', dmy, 'expected a number like 1234.56 or 1,234.56 (decimal point), not "-(5)"'],
  ])('refuses %s', (raw, options, message) => {
    expect(parseDecimal(raw, options)).toEqual({ ok: false, message });
  });
});

describe('parseInteger and parsePercent', () => {
  it.each([
    ['1200', 1200],
    ['1,200', 1200],
    ['1200.0', 1200],
    ['-3', -3],
    ['1.2E+03', 1200],
    ['12.5', '! expected a whole number like 1200 or 1,200, not "12.5" (it has a fraction)'],
    ['ten', '! expected a whole number like 1200 or 1,200, not "ten"'],
    ['50%', '! expected a whole number like 1200 or 1,200, not "50%"'],
    ['99999999999999999999', '! "99999999999999999999" is too large for a whole number'],
  ])('integer %s -> %s', (raw, expected) => {
    expect(read(parseInteger(raw, dmy))).toBe(expected);
  });

  it.each([
    ['40', '40'],
    ['40%', '40'],
    ['12.5 %', '12.5'],
    ['often', '! expected a percentage like 40 or 40%, not "often"'],
  ])('percent %s -> %s', (raw, expected) => {
    expect(read(parsePercent(raw, dmy))).toBe(expected);
  });
});

describe('parseMoney and parseCurrency', () => {
  it.each([
    ['$40,000', dmy, '40000', 'USD'],
    ['40000', dmy, '40000', null],
    ['40k', dmy, '40000', null],
    ['40K', dmy, '40000', null],
    ['1.2M', dmy, '1200000', null],
    ['1,2M', comma, '1200000', null],
    ['2.5bn', dmy, '2500000000', null],
    ['$1.5MM', dmy, '1500000', 'USD'],
    ['€1.234,56', comma, '1234.56', 'EUR'],
    ['40 000 €', comma, '40000', 'EUR'],
    ['40000 USD', dmy, '40000', 'USD'],
    ['USD 40000', dmy, '40000', 'USD'],
    ['usd40000', dmy, '40000', 'USD'],
    ['£99.99', dmy, '99.99', 'GBP'],
    ['US$ 10', dmy, '10', 'USD'],
    ['R$ 1.000,00', comma, '1000', 'BRL'],
    ['-$40', dmy, '-40', 'USD'],
    ['($1,000.50)', dmy, '-1000.5', 'USD'],
    ['¥1000', dmy, '1000', 'JPY'],
    ['1100.04', dmy, '1100.04', null],
  ])('%s -> %s %s', (raw, options, amount, currency) => {
    expect(read(parseMoney(raw, options))).toEqual({ amount, currency });
  });

  it('reads $ and ¥ as the default currency when it is a dollar or a yuan', () => {
    expect(read(parseMoney('$5', { ...dmy, defaultCurrency: 'CAD' }))).toEqual({
      amount: '5',
      currency: 'CAD',
    });
    expect(read(parseMoney('$5', { ...dmy, defaultCurrency: 'EUR' }))).toEqual({
      amount: '5',
      currency: 'USD',
    });
    expect(read(parseMoney('¥5', { ...dmy, defaultCurrency: 'CNY' }))).toEqual({
      amount: '5',
      currency: 'CNY',
    });
    expect(read(parseMoney('5 kr', { ...comma, defaultCurrency: 'SEK' }))).toEqual({
      amount: '5',
      currency: 'SEK',
    });
  });

  it.each([
    ['abc', dmy, 'expected an amount like 40000, 40,000.00, $40,000, 40k, 1.2M or 40000 USD, not "abc"'],
    [
      '40 XYZ',
      dmy,
      '"XYZ" is not a currency I know (expected a currency code like USD or EUR (ISO 4217) or a symbol like $, € or £)',
    ],
    [
      '$40 USD',
      dmy,
      '"$40 USD" names a currency twice (expected an amount like 40000, 40,000.00, $40,000, 40k, 1.2M or 40000 USD)',
    ],
    ['1.2M', comma, 'expected an amount like 40000, 40.000,00, €40.000, 40k, 1,2M or 40000 EUR, not "1.2M"'],
  ])('refuses %s', (raw, options, message) => {
    expect(parseMoney(raw, options)).toEqual({ ok: false, message });
  });

  it.each([
    ['USD', 'USD'],
    ['eur', 'EUR'],
    ['€', 'EUR'],
    ['$', 'USD'],
    ['£', 'GBP'],
    ['US Dollar', 'USD'],
    ['euros', 'EUR'],
    ['Swiss Franc', 'CHF'],
    ['XYZ', '! expected a currency code like USD or EUR (ISO 4217) or a symbol like $, € or £, not "XYZ"'],
    ['kr', '! "kr" could be Swedish, Norwegian or Danish crowns: use SEK, NOK or DKK'],
  ])('currency %s -> %s', (raw, expected) => {
    expect(read(parseCurrency(raw))).toBe(expected);
  });
});

describe('parseCountry', () => {
  it.each([
    ['US', 'US'],
    ['us', 'US'],
    ['USA', 'US'],
    ['United States', 'US'],
    ['United States of America', 'US'],
    ['U.S.A.', 'US'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['England', 'GB'],
    ['DEU', 'DE'],
    ['Germany', 'DE'],
    ['Korea', 'KR'],
    ['South Korea', 'KR'],
    ['Czech Republic', 'CZ'],
    ['Turkey', 'TR'],
    ['Türkiye', 'TR'],
    ['Côte d’Ivoire', 'CI'],
    ['the netherlands', 'NL'],
    ['Narnia', '! expected a country like US, USA or United States, not "Narnia"'],
    ['EU', '! expected a country like US, USA or United States, not "EU"'],
  ])('%s -> %s', (raw, expected) => {
    expect(read(parseCountry(raw))).toBe(expected);
  });

  it('corrects a typo with a note (the Maven dataset has "Philipines")', () => {
    expect(parseCountry('Philipines')).toEqual({
      ok: true,
      value: 'PH',
      note: 'read "Philipines" as "Philippines"',
    });
  });
});

describe('emails, phones, URLs and domains', () => {
  it.each([
    ['jane@acme.com', 'jane@acme.com'],
    [' Jane.Doe@ACME.com ', 'jane.doe@acme.com'],
    ['Jane Doe <jane@acme.com>', 'jane@acme.com'],
    ['mailto:jane@acme.com', 'jane@acme.com'],
    [' contactFor@PolymorphicMappingOfTask.com\u3000 \u3000', 'contactfor@polymorphicmappingoftask.com'],
    ['jane@acme', '! expected an email address like jane@acme.com, not "jane@acme"'],
    ['jane acme.com', '! expected an email address like jane@acme.com, not "jane acme.com"'],
    ['jane..doe@acme.com', '! expected an email address like jane@acme.com, not "jane..doe@acme.com"'],
  ])('email %s -> %s', (raw, expected) => {
    expect(read(parseEmail(raw))).toBe(expected);
  });

  it.each([
    ['415-555-0000', '4155550000'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+1 (415) 555-0100 ext. 12', '+14155550100 x12'],
    ['415.555.0100 x3', '4155550100 x3'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['tel:+14155550100', '+14155550100'],
    [
      '1-800-FLOWERS',
      '! expected a phone number like +1 415 555 0100 or (415) 555-0100 x12, not "1-800-FLOWERS"',
    ],
    ['12', '! expected a phone number like +1 415 555 0100 or (415) 555-0100 x12, not "12"'],
  ])('phone %s -> %s', (raw, expected) => {
    expect(read(parsePhone(raw))).toBe(expected);
  });

  it.each([
    ['https://www.acme.com/about', 'https://www.acme.com/about'],
    ['acme.com', 'https://acme.com/'],
    ['http://www.accountInsert0.com', 'http://www.accountinsert0.com/'],
    ['ftp://acme.com', '! expected a web address like https://acme.com or acme.com, not "ftp://acme.com"'],
    ['not a url', '! expected a web address like https://acme.com or acme.com, not "not a url"'],
    ['localhost', '! expected a web address like https://acme.com or acme.com, not "localhost"'],
  ])('url %s -> %s', (raw, expected) => {
    expect(read(parseUrl(raw))).toBe(expected);
  });

  it.each([
    ['https://www.acme.com/about', 'acme.com'],
    ['acme.com', 'acme.com'],
    ['WWW.Acme.COM.', 'acme.com'],
    ['jane@acme.co.uk', 'acme.co.uk'],
    ['shop.acme.com', 'shop.acme.com'],
    ['acme', '! expected a domain like acme.com (or a web address), not "acme"'],
  ])('domain %s -> %s', (raw, expected) => {
    expect(read(parseDomain(raw))).toBe(expected);
  });
});

describe('booleans, lists, size bands', () => {
  it.each([
    ['yes', true],
    ['Y', true],
    ['TRUE', true],
    ['1', true],
    ['x', true],
    ['no', false],
    ['n', false],
    ['false', false],
    ['0', false],
    ['', false],
    ['maybe', '! expected yes or no (also true/false, 1/0, y/n, x or blank), not "maybe"'],
  ])('boolean %s -> %s', (raw, expected) => {
    expect(read(parseBoolean(raw))).toBe(expected);
  });

  it.each([
    ['a; b; c', ['a', 'b', 'c']],
    ['a|b', ['a', 'b']],
    ['a, b', ['a', 'b']],
    ['a, b; c', ['a, b', 'c']],
    ['vip;;VIP; new ', ['vip', 'new']],
    ['', []],
  ])('list %s', (raw, expected) => {
    expect(read(parseList(raw))).toEqual(expected);
  });

  it.each([
    ['51-200', '51-200'],
    ['5001+', '5001+'],
    ['250', '201-1000'],
    ['1,200', '1001-5000'],
    ['10', '1-10'],
    ['201-500', '201-1000'],
    ['10,001+', '5001+'],
    ['0', '1-10'],
    [
      'lots',
      '! expected an employee count like 250 or a band like 1-10, 11-50, 51-200, 201-1000, 1001-5000, 5001+, not "lots"',
    ],
  ])('size band %s -> %s', (raw, expected) => {
    expect(read(parseSizeBand(raw))).toBe(expected);
  });

  it('a range across bands takes the band of its middle, with a note', () => {
    expect(parseSizeBand('50-100')).toEqual({
      ok: true,
      value: '51-200',
      note: 'read the range 50-100 as 51-200',
    });
  });
});

describe('parseEnum', () => {
  const industries = ['software', 'healthcare', 'financial_services', 'retail'] as const;
  const synonyms = {
    technology: 'software',
    tech: 'software',
    medical: 'healthcare',
    finance: 'financial_services',
  } as const;

  it.each([
    ['software', 'software'],
    ['SOFTWARE', 'software'],
    ['Financial Services', 'financial_services'],
    ['financial-services', 'financial_services'],
    ['Tech', 'software'],
    ['Medical', 'healthcare'],
  ])('%s -> %s', (raw, expected) => {
    expect(parseEnum(raw, industries, synonyms)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['technolgy', 'software', 'read "technolgy" as "technology"'],
    ['Technolgy', 'software', 'read "Technolgy" as "technology"'],
    ['helthcare', 'healthcare', 'read "helthcare" as "healthcare"'],
    ['retial', 'retail', 'read "retial" as "retail"'],
    ['fnance', 'financial_services', 'read "fnance" as "finance"'],
  ])('corrects the typo %s with a note', (raw, value, note) => {
    expect(parseEnum(raw, industries, synonyms)).toEqual({ ok: true, value, note });
  });

  it.each([
    // Three letters get no tolerance; two edits need eight letters; a tie between two choices is refused.
    ['tex'],
    ['retalx1'],
    ['xyz'],
    [''],
  ])('refuses %s', (raw) => {
    expect(parseEnum(raw, industries, synonyms)).toEqual({
      ok: false,
      message: `expected one of software, healthcare, financial_services, retail, not ${JSON.stringify(raw)}`,
    });
  });

  it('refuses a spelling equally close to two choices', () => {
    expect(parseEnum('cart', ['card', 'cast'])).toEqual({
      ok: false,
      message: 'expected one of card, cast, not "cart"',
    });
  });

  it('works without synonyms', () => {
    expect(parseEnum('Closed Won', ['closed_won', 'open'])).toEqual({ ok: true, value: 'closed_won' });
  });
});
