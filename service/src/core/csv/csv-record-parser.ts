/**
 * The record reader of `readCsvRecords` made incremental: text arrives in pieces, and a record is only
 * taken once its line break (or the end of the file) has been seen, so a record, a quoted value, a
 * `\r\n` or a `""` cut by a chunk boundary is read again whole with the next piece. Line numbers are
 * the physical lines where records start, exact with `\r\n`, `\n`, `\r` and quoted line breaks.
 */
import type { CsvRecord } from './csv-reader.js';

const QUOTE = 34;
const SPACE = 32;
const LF = 10;
const CR = 13;

export type ParseStop =
  /** The text so far holds no further complete record: push more, or read with `final`. */
  | { kind: 'needs-text' }
  /** `final` and every record has been read. */
  | { kind: 'done' }
  /** `final` and a quoted value opening at `line` never closes. */
  | { kind: 'unclosed-quote'; line: number }
  /** The record starting at `line` is longer than the limit (`openQuoteLine`: a quote still open in it). */
  | { kind: 'too-long'; line: number; openQuoteLine: number | null };

export class CsvRecordParser {
  private text = '';
  private index = 0;
  private line: number;
  private skip: number;
  private readonly separator: number;
  private readonly maxChars: number;
  /** Line of a quoted value still open where the text ran out, if that is why the last read stopped. */
  private openQuoteLine: number | null = null;

  /**
   * `skipChars` at the start are not data (Excel's `sep=;` line), and `firstLine` is the line after them;
   * a record longer than `maxRecordChars` stops the reading.
   */
  constructor(options: {
    delimiter: string;
    skipChars?: number;
    firstLine?: number;
    maxRecordChars: number;
  }) {
    this.separator = options.delimiter.charCodeAt(0);
    this.maxChars = options.maxRecordChars;
    this.skip = options.skipChars ?? 0;
    this.line = options.firstLine ?? 1;
  }

  push(text: string): void {
    this.text = this.index < this.text.length ? this.text.slice(this.index) + text : text;
    this.index = 0;
  }

  /** Characters pushed and not yet read as records. */
  pending(): number {
    return this.text.length - this.index;
  }

  /** Line of the end of the pending text (where a decoding problem after it sits). */
  lineAtEnd(): number {
    return this.line + countLineBreaks(this.text, this.index, this.text.length);
  }

  /** Appends the records to `out` until it holds `limit` or the text runs out. */
  read(out: CsvRecord[], limit: number, final: boolean): ParseStop | null {
    if (this.skip > 0) {
      if (this.pending() < this.skip && !final) return { kind: 'needs-text' };
      this.index = Math.min(this.text.length, this.index + this.skip);
      this.skip = 0;
    }
    while (out.length < limit) {
      if (this.index >= this.text.length) return final ? { kind: 'done' } : { kind: 'needs-text' };
      const start = this.index;
      const record = this.readRecord(final);
      if (record === null) {
        if (this.pending() <= this.maxChars) return { kind: 'needs-text' };
        return { kind: 'too-long', line: this.line, openQuoteLine: this.openQuoteLine };
      }
      if ('unclosedQuoteLine' in record) return { kind: 'unclosed-quote', line: record.unclosedQuoteLine };
      if (this.index - start > this.maxChars)
        return { kind: 'too-long', line: record.line, openQuoteLine: null };
      out.push(record);
    }
    return null;
  }

  private readRecord(final: boolean): CsvRecord | { unclosedQuoteLine: number } | null {
    const text = this.text;
    let i = this.index;
    let line = this.line;
    this.openQuoteLine = null;
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      let opening = i;
      while (text.charCodeAt(opening) === SPACE) opening++;
      if (text.charCodeAt(opening) === QUOTE) {
        const quoted = readQuotedValue(text, opening);
        if (quoted === null) {
          if (final) return { unclosedQuoteLine: line };
          this.openQuoteLine = line;
          return null;
        }
        line += countLineBreaks(text, opening, quoted.end);
        i = this.valueEnd(quoted.end);
        const trailing = text.slice(quoted.end, i);
        if (trailing.trim() !== '') record.strayQuoteField ??= record.fields.length;
        record.fields.push(trailing.trim() === '' ? quoted.value : quoted.value + trailing);
      } else {
        const stop = this.valueEnd(i);
        record.fields.push(text.slice(i, stop));
        i = stop;
      }
      if (i >= text.length) {
        if (!final) return null;
        break;
      }
      if (text.charCodeAt(i) !== this.separator) break;
      i++;
    }
    if (i < text.length) {
      if (text.charCodeAt(i) === CR) {
        if (i + 1 >= text.length && !final) return null; // a `\n` may follow in the next piece
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      } else i++;
    }
    this.index = i;
    this.line = line + 1;
    return record;
  }

  private valueEnd(from: number): number {
    const text = this.text;
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === this.separator || c === LF || c === CR) break;
    }
    return i;
  }
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
