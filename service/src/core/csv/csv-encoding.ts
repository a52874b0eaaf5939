/**
 * Encodings for the streaming reader: which one a file uses (from its first bytes), and decoders that
 * take the file chunk by chunk, carry a character split across two chunks, and stop at the first invalid
 * sequence instead of replacing it, so the reader can name the line.
 */
import { isUtf8 } from 'node:buffer';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Sniffed = { encoding: CsvEncoding; bomLength: number } | { problem: string };

const BINARY =
  'The file contains binary data (NUL bytes): it is not a text CSV, or it uses an unsupported ' +
  'encoding such as UTF-32. Save it as "CSV UTF-8".';

/** Decides the encoding from the first bytes of a file (64 KiB are plenty); `whole` when that is all of it. */
export function sniffEncoding(sample: Buffer, whole: boolean): Sniffed {
  if (sample.length === 0) return { problem: 'The file is empty.' };
  const starts = (...bytes: number[]): boolean => bytes.every((byte, i) => sample[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    return { problem: 'This looks like an Excel workbook (.xlsx), not a CSV file; export it as CSV.' };
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return { problem: 'This looks like an Excel 97-2003 workbook (.xls), not a CSV file; export it as CSV.' };
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) {
    return { problem: 'This is a PDF document, not a CSV file; export the data as CSV.' };
  }
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff)) {
    return { problem: 'The file is encoded as UTF-32, which is not supported; save it as "CSV UTF-8".' };
  }
  if (starts(0xff, 0xfe)) return { encoding: 'utf-16le', bomLength: 2 };
  if (starts(0xfe, 0xff)) return { encoding: 'utf-16be', bomLength: 2 };
  if (starts(0xef, 0xbb, 0xbf)) return { encoding: 'utf-8-bom', bomLength: 3 };
  if (sample.includes(0)) {
    const utf16 = utf16WithoutBom(sample, whole);
    return utf16 === null ? { problem: BINARY } : { encoding: utf16, bomLength: 0 };
  }
  const complete = whole ? sample : sample.subarray(0, completeUtf8Length(sample));
  return { encoding: isUtf8(complete) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/**
 * UTF-16 without a BOM, only when it is unmistakable: text whose characters are mostly below U+0100
 * has a NUL in nearly every high byte and almost none in the low bytes (UTF-32 has both, binary neither
 * pattern), and the sample must decode with no NUL character and no lone surrogate.
 */
function utf16WithoutBom(sample: Buffer, whole: boolean): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const order =
    oddZeros >= pairs * 0.5 && evenZeros <= pairs * 0.1
      ? 'utf-16le'
      : evenZeros >= pairs * 0.5 && oddZeros <= pairs * 0.1
        ? 'utf-16be'
        : null;
  if (order === null) return null;
  const decoder = createChunkDecoder(order);
  const { text, invalid } = decoder.decode(sample, whole);
  return invalid || text.includes('\u0000') ? null : order;
}

/** The text of one chunk: everything up to the first invalid sequence; `invalid` when it stopped there. */
export interface DecodedChunk {
  text: string;
  invalid: boolean;
}

export interface ChunkDecoder {
  /** `final` for the last chunk: an incomplete character at its end is then invalid. */
  decode(bytes: Buffer, final: boolean): DecodedChunk;
}

export function createChunkDecoder(encoding: CsvEncoding): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return new Utf8Decoder();
    case 'utf-16le':
    case 'utf-16be':
      return new Utf16Decoder(encoding === 'utf-16be');
    case 'windows-1252':
      // A single-byte encoding: every byte is a character, so chunks need no carry and nothing is invalid.
      return { decode: (bytes) => ({ text: decodeWindows1252(bytes), invalid: false }) };
  }
}

class Utf8Decoder implements ChunkDecoder {
  private carry: Buffer = Buffer.alloc(0);

  decode(bytes: Buffer, final: boolean): DecodedChunk {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    const end = final ? data.length : completeUtf8Length(data);
    // A copy: the reader reuses its read buffer for the next chunk.
    this.carry = Buffer.from(data.subarray(end));
    const body = data.subarray(0, end);
    if (isUtf8(body)) return { text: body.toString('utf8'), invalid: false };
    return { text: body.subarray(0, firstInvalidUtf8(body)).toString('utf8'), invalid: true };
  }
}

class Utf16Decoder implements ChunkDecoder {
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly bigEndian: boolean) {}

  decode(bytes: Buffer, final: boolean): DecodedChunk {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    let end = data.length - (data.length % 2);
    if (!final && end >= 2) {
      const high = this.bigEndian ? data[end - 2]! : data[end - 1]!;
      if (high >= 0xd8 && high <= 0xdb) end -= 2; // a high surrogate waits for its pair
    }
    const body = Buffer.from(data.subarray(0, end));
    this.carry = Buffer.from(data.subarray(end));
    if (this.bigEndian) body.swap16();
    const text = body.toString('utf16le');
    const lone = LONE_SURROGATE.exec(text);
    if (lone !== null) return { text: text.slice(0, lone.index), invalid: true };
    return { text, invalid: final && this.carry.length > 0 };
  }
}

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes as Latin-1, turning € – “ ” into C1
 * control characters. Latin-1 and Windows-1252 differ only in 0x80-0x9F; the five bytes Windows-1252
 * leaves undefined keep their Latin-1 (C1) meaning, as the WHATWG encoding standard says.
 */
export function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  return C1.test(latin1)
    ? latin1.replace(C1_ALL, (char) => WINDOWS_1252_C1[char.charCodeAt(0) - 0x80]!)
    : latin1;
}

const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;
const WINDOWS_1252_C1 = [
  '\u20ac',
  '\x81',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\x8d',
  '\u017d',
  '\x8f',
  '\x90',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\x9d',
  '\u017e',
  '\u0178',
];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length of `bytes` without a UTF-8 character cut off at its end. */
export function completeUtf8Length(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (only read when a chunk is invalid). */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const extra =
      lead >= 0xc2 && lead <= 0xdf
        ? 1
        : lead >= 0xe0 && lead <= 0xef
          ? 2
          : lead >= 0xf0 && lead <= 0xf4
            ? 3
            : 0;
    if (extra === 0 || i + extra >= bytes.length) return i;
    // Second-byte ranges exclude overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k <= extra; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return bytes.length;
}
