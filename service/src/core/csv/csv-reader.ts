/**
 * Reading CSV files people export from spreadsheets and other CRMs: encoding detection (UTF-8 with or
 * without BOM, UTF-16 with BOM, Windows-1252 fallback), delimiter detection, and a record reader that
 * knows the physical line each record starts on, so every problem can name its line.
 */
import { decodeWindows1252 } from './csv-encoding.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const QUOTE = 34;
const SPACE = 32;
const LF = 10;
const CR = 13;

export type Decoded = { text: string; encoding: string } | { problem: string };

/** UTF-8 with or without BOM, UTF-16 with BOM; Windows-1252 when the bytes are not valid UTF-8. */
export function decodeCsvFile(file: Buffer): Decoded {
  if (file.length === 0) return { problem: 'The file is empty.' };
  const starts = (...bytes: number[]): boolean => bytes.every((byte, i) => file[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    return { problem: 'This looks like an Excel workbook (.xlsx), not a CSV file; export it as CSV.' };
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return { problem: 'This looks like an Excel 97-2003 workbook (.xls), not a CSV file; export it as CSV.' };
  }
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff)) {
    return { problem: 'The file is encoded as UTF-32, which is not supported; save it as "CSV UTF-8".' };
  }
  let decoded: { text: string; encoding: string } | null;
  if (starts(0xff, 0xfe)) decoded = decodeStrict('utf-16le', file.subarray(2));
  else if (starts(0xfe, 0xff)) decoded = decodeStrict('utf-16be', swapBytes(file.subarray(2)));
  else if (file.includes(0)) decoded = null;
  else {
    const body = starts(0xef, 0xbb, 0xbf) ? file.subarray(3) : file;
    decoded = decodeStrict('utf-8', body) ?? { text: decodeWindows1252(body), encoding: 'windows-1252' };
  }
  if (decoded === null || decoded.text.includes('\u0000')) {
    return {
      problem:
        'The file contains binary data (NUL bytes): it is not a text CSV, or it uses an unsupported ' +
        'encoding such as UTF-32 or UTF-16 without a byte order mark. Save it as "CSV UTF-8".',
    };
  }
  return decoded;
}

function decodeStrict(
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be',
  bytes: Buffer,
): { text: string; encoding: string } | null {
  const label = encoding === 'utf-8' ? 'utf-8' : 'utf-16le';
  try {
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    return null;
  }
}

/** UTF-16BE to UTF-16LE without relying on ICU; a dangling odd byte is left for the strict decoder. */
function swapBytes(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy.subarray(0, copy.length - (copy.length % 2)).swap16();
  return copy;
}

export interface CsvStart {
  index: number;
  line: number;
}

/**
 * Picks the delimiter that occurs most often, outside quotes, on the header line (ties: `,` `;` tab `|`).
 * Honours Excel's `sep=;` first line.
 */
export function detectDelimiter(text: string): { delimiter: string; start: CsvStart } {
  const hint = /^sep=([^"\r\n ])(\r\n|\n|\r|$)/i.exec(text);
  if (hint?.[1] !== undefined) return { delimiter: hint[1], start: { index: hint[0].length, line: 2 } };
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  let sawText = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '\n' || char === '\r') {
      if (sawText) break;
    } else {
      const count = counts.get(char);
      if (count !== undefined) counts.set(char, count + 1);
      if (char.trim() !== '') sawText = true;
    }
  }
  let delimiter: string = DELIMITERS[0];
  for (const [candidate, count] of counts) if (count > (counts.get(delimiter) ?? 0)) delimiter = candidate;
  return { delimiter, start: { index: 0, line: 1 } };
}

export interface CsvRecord {
  line: number;
  fields: string[];
  /** Index of a field with text after its closing quote. */
  strayQuoteField?: number;
}

export interface CsvRead {
  records: CsvRecord[];
  /** Line of a quoted value that never closes; the records before it are complete. */
  unclosedQuoteLine: number | null;
}

/**
 * RFC 4180 records with their physical start line (`\r\n`, `\n` or `\r`). csv-parse reports the line a
 * record ends on, and counts mixed line endings unreliably, so this small reader keeps line numbers exact.
 * Lenient where spreadsheets are: spaces around a quoted value, quotes inside an unquoted value.
 */
export function readCsvRecords(text: string, delimiter: string, start: CsvStart): CsvRead {
  const separator = delimiter.charCodeAt(0);
  const valueEnd = (from: number): number => {
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === separator || c === LF || c === CR) break;
    }
    return i;
  };
  const records: CsvRecord[] = [];
  let i = start.index;
  let line = start.line;
  while (i < text.length) {
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      let opening = i;
      while (text.charCodeAt(opening) === SPACE) opening++;
      if (text.charCodeAt(opening) === QUOTE) {
        const quoted = readQuotedValue(text, opening);
        if (quoted === null) return { records, unclosedQuoteLine: line };
        line += countLineBreaks(text, opening, quoted.end);
        i = valueEnd(quoted.end);
        const trailing = text.slice(quoted.end, i);
        if (trailing.trim() !== '') record.strayQuoteField ??= record.fields.length;
        record.fields.push(trailing.trim() === '' ? quoted.value : quoted.value + trailing);
      } else {
        const stop = valueEnd(i);
        record.fields.push(text.slice(i, stop));
        i = stop;
      }
      if (text.charCodeAt(i) !== separator) break;
      i++;
    }
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    records.push(record);
  }
  return { records, unclosedQuoteLine: null };
}

/** The value of the quoted field opening at `opening`, with `""` unescaped; null when it never closes. */
function readQuotedValue(text: string, opening: number): { value: string; end: number } | null {
  let value = '';
  let from = opening + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close === -1) return null;
    value += text.slice(from, close);
    if (text.charCodeAt(close + 1) !== QUOTE) return { value, end: close + 1 };
    value += '"';
    from = close + 2;
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) breaks++;
  }
  return breaks;
}
