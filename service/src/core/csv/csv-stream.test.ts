import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeCsvFile, readCsvRecords, type CsvRecord } from './csv-reader.js';
import { CsvFileError, openCsvFile, type CsvFileOptions } from './csv-stream.js';

const folder = mkdtempSync(join(tmpdir(), 'csv-stream-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

function fileOf(content: string | Buffer): string {
  const path = join(folder, `f${files++}.csv`);
  writeFileSync(path, content);
  return path;
}

interface Read {
  encoding: string;
  delimiter: string;
  header: CsvRecord;
  records: CsvRecord[];
  /** Message and line of a CsvFileError thrown after the records. */
  error?: [string, number];
}

async function read(path: string, options: CsvFileOptions = {}, batchSize = 2): Promise<Read> {
  const file = await openCsvFile(path, options);
  const result: Read = {
    encoding: file.encoding,
    delimiter: file.delimiter,
    header: file.header,
    records: [],
  };
  try {
    for await (const batch of file.batches(batchSize)) {
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(batchSize);
      result.records.push(...batch);
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    result.error = [error.message, error.line];
  } finally {
    await file.close();
  }
  return result;
}

/** Reads with 1 MiB chunks and with chunks of 1 to 7 bytes; all must agree. */
async function readEveryWay(content: string | Buffer, options: CsvFileOptions = {}): Promise<Read> {
  const path = fileOf(content);
  const whole = await read(path, options);
  for (const chunkSize of [1, 2, 3, 4, 5, 7])
    expect(await read(path, { ...options, chunkSize })).toEqual(whole);
  return whole;
}

const lines = (result: Read): [number, string[]][] => result.records.map((r) => [r.line, r.fields]);

async function refusal(content: string | Buffer): Promise<[string, number]> {
  try {
    await openCsvFile(fileOf(content));
  } catch (error) {
    if (error instanceof CsvFileError) return [error.message, error.line];
    throw error;
  }
  throw new Error('the file was not refused');
}

describe('openCsvFile: records and their lines', () => {
  it('keeps physical lines exact with \\r\\n, \\n, \\r and quoted line breaks cut by any chunk', async () => {
    const result = await readEveryWay('a,b\r\n"x\r\ny",1\n"p\rq",2\r3,"4 ""quoted"", too"\n5,6');
    expect(result.header).toEqual({ line: 1, fields: ['a', 'b'] });
    expect(lines(result)).toEqual([
      [2, ['x\r\ny', '1']],
      [4, ['p\rq', '2']],
      [6, ['3', '4 "quoted", too']],
      [7, ['5', '6']],
    ]);
    expect(result.error).toBeUndefined();
  });

  it('skips blank records, also before the header, and keeps the lines of the others', async () => {
    const result = await readEveryWay('\n  \r\nname,email\n\n,\n"",""\nAda,ada@example.com\n   \n');
    expect(result.header).toEqual({ line: 3, fields: ['name', 'email'] });
    expect(lines(result)).toEqual([[7, ['Ada', 'ada@example.com']]]);
  });

  it("honours Excel's sep= line, counting it as line 1", async () => {
    const result = await readEveryWay('sep=;\r\nname;amount\r\n"Müller, GmbH";1,5\r\n');
    expect(result.delimiter).toBe(';');
    expect(result.header).toEqual({ line: 2, fields: ['name', 'amount'] });
    expect(lines(result)).toEqual([[3, ['Müller, GmbH', '1,5']]]);
  });

  it('detects ; tab and | from the header line, and takes a delimiter it is given', async () => {
    expect((await readEveryWay('a;b,c;d\n1;2,3;4')).delimiter).toBe(';');
    expect((await readEveryWay('a\tb\n1\t2')).delimiter).toBe('\t');
    expect((await readEveryWay('a|b\n1|2')).delimiter).toBe('|');
    const given = await readEveryWay('a;b,c\n1;2,3', { delimiter: ',' });
    expect(given.header.fields).toEqual(['a;b', 'c']);
  });

  it('marks a field with text after its closing quote', async () => {
    const result = await readEveryWay('a,b\n"x" y,"z"\n');
    expect(result.records).toEqual([{ line: 2, fields: ['x y', 'z'], strayQuoteField: 0 }]);
  });

  it('gives the records before an unclosed quote, then names the line where that value starts', async () => {
    const result = await readEveryWay('a,b,c\n1,2,3\n4,"five\nlines",6\n7,8,"nine\n10,11,12\n');
    expect(lines(result)).toEqual([
      [2, ['1', '2', '3']],
      [3, ['4', 'five\nlines', '6']],
    ]);
    expect(result.error).toEqual([
      'The quoted value starting at line 5 never closes: a quote (") is missing, or the file was cut off.',
      5,
    ]);
  });

  it('refuses a record longer than the limit, naming its line (and an open quote as the likely cause)', async () => {
    const long = await readEveryWay(`a,b\n1,2\n3,${'x'.repeat(40)}\n5,6\n`, { maxRecordChars: 20 });
    expect(lines(long)).toEqual([[2, ['1', '2']]]);
    expect(long.error).toEqual(['The row starting at line 3 is longer than 20 characters.', 3]);
    const open = await readEveryWay(`a,b\n1,"2\n${'y,'.repeat(30)}\n`, { maxRecordChars: 20 });
    expect(open.error).toEqual([
      'The row starting at line 2 is longer than 20 characters. The quoted value starting at line 2 may be ' +
        'missing its closing quote (").',
      2,
    ]);
  });

  it('reads as many records as a spreadsheet and in the same order as the whole-text reader (any chunking)', async () => {
    const value = fc.string({
      unit: fc.constantFrom('a', 'é', '😀', ',', '"', '\n', '\r', ' ', ';'),
      maxLength: 6,
    });
    const csvValue = (text: string): string =>
      /[",\r\n ]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    const record = fc.array(value, { minLength: 1, maxLength: 4 });
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(record, ending), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, chunkSize) => {
          const text = 'h1,h2\n' + rows.map(([fields, end]) => fields.map(csvValue).join(',') + end).join('');
          const expected = readCsvRecords(text, ',', { index: 0, line: 1 }).records.filter((r) =>
            r.fields.some((field) => field.trim() !== ''),
          );
          const result = await read(fileOf(text), { chunkSize, delimiter: ',' }, 3);
          expect([result.header, ...result.records]).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('openCsvFile: encodings', () => {
  const text = 'name,city\r\nZoë,Kraków 😀\r\nJosé,"São Paulo"\r\n';
  const rows = [
    [2, ['Zoë', 'Kraków 😀']],
    [3, ['José', 'São Paulo']],
  ];
  const utf16be = (value: string): Buffer => Buffer.from(value, 'utf16le').swap16();

  it.each([
    ['utf-8', Buffer.from(text)],
    ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
    ['utf-16le', Buffer.from(text, 'utf16le')],
    ['utf-16be', utf16be(text)],
  ])(
    'reads %s (a surrogate pair and multi-byte characters cut by every chunk size)',
    async (encoding, bytes) => {
      const result = await readEveryWay(bytes);
      expect(result.encoding).toBe(encoding);
      expect(result.header.fields).toEqual(['name', 'city']);
      expect(lines(result)).toEqual(rows);
    },
  );

  it('reads Windows-1252 when the start of the file is not UTF-8', async () => {
    // € – “ ” are 0x80 0x96 0x93 0x94 in Windows-1252 (and C1 controls in Latin-1).
    const cp1252 = Buffer.concat([
      Buffer.from('name,note\nJos', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(',', 'latin1'),
      Buffer.from([0x80, 0x20, 0x35, 0x20, 0x96, 0x20, 0x93]),
      Buffer.from('ok', 'latin1'),
      Buffer.from([0x94, 0x0a]),
    ]);
    const windows = await readEveryWay(cp1252);
    expect(windows.encoding).toBe('windows-1252');
    expect(lines(windows)).toEqual([[2, ['José', '€ 5 – “ok”']]]);
  });

  /** 3,000 ASCII records: more than the 64 KiB the encoding is decided from. */
  const head = 'id,name\n' + Array.from({ length: 3000 }, (_, i) => `${i},person number ${i}\n`).join('');

  it('decodes those Windows-1252 characters in the whole-file decoder of the user import too', () => {
    expect(decodeCsvFile(Buffer.from([0x4a, 0xe9, 0x2c, 0x80, 0x96, 0x93, 0x94]))).toEqual({
      text: 'Jé,€–“”',
      encoding: 'windows-1252',
    });
  });

  it('names the line of bytes that are not UTF-8 past the first 64 KiB, after the records before it', async () => {
    expect(Buffer.byteLength(head)).toBeGreaterThan(64 * 1024);
    const bytes = Buffer.concat([
      Buffer.from(head + '3000,"Jos'),
      Buffer.from([0xe9]),
      Buffer.from('"\n3001,x\n'),
    ]);
    for (const chunkSize of [1024 * 1024, 4096, 7]) {
      const result = await read(fileOf(bytes), { chunkSize }, 1000);
      expect(result.encoding).toBe('utf-8');
      expect(result.records).toHaveLength(3000);
      expect(result.records.at(-1)).toEqual({ line: 3001, fields: ['2999', 'person number 2999'] });
      expect(result.error).toEqual([
        'Line 3002 is not valid UTF-8 text (the file may mix encodings). Save the file as "CSV UTF-8" and ' +
          'import it again.',
        3002,
      ]);
    }
  });

  it('says where a UTF-8 file is cut inside a character', async () => {
    const result = await read(
      fileOf(Buffer.concat([Buffer.from(head), Buffer.from([0xe2, 0x82])])),
      {},
      5000,
    );
    expect(result.records).toHaveLength(3000);
    expect(result.error?.[1]).toBe(3002);
  });

  it('refuses what is not a text CSV, with the reason', async () => {
    expect(await refusal('')).toEqual(['The file is empty.', 0]);
    expect(await refusal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual([
      'This looks like an Excel workbook (.xlsx), not a CSV file; export it as CSV.',
      0,
    ]);
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toEqual([
      'This looks like an Excel 97-2003 workbook (.xls), not a CSV file; export it as CSV.',
      0,
    ]);
    expect(await refusal('%PDF-1.7\n%\xe2\xe3\n1 0 obj')).toEqual([
      'This is a PDF document, not a CSV file; export the data as CSV.',
      0,
    ]);
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a\0\0\0\n\0\0\0', 'latin1')]);
    expect((await refusal(utf32))[0]).toMatch(/UTF-32, which is not supported/);
    const utf32WithoutBom = Buffer.from('a\0\0\0,\0\0\0b\0\0\0\n\0\0\0', 'latin1');
    expect((await refusal(utf32WithoutBom))[0]).toMatch(/^The file contains binary data \(NUL bytes\)/);
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    expect(await refusal(binary)).toEqual([expect.stringMatching(/binary data/), 0]);
    expect(await refusal('\n\r\n  \n')).toEqual([
      'The file has no rows: it is empty or holds only blank lines.',
      0,
    ]);
  });
});

describe('openCsvFile: streaming', () => {
  it('reads the file as batches are pulled, never whole, and counts the bytes read', async () => {
    const content = 'id,name\n' + Array.from({ length: 20_000 }, (_, i) => `${i},"name ${i}"\n`).join('');
    const path = fileOf(content);
    const size = statSync(path).size;
    const file = await openCsvFile(path, { chunkSize: 4096 });
    const batches = file.batches(100);
    const first = await batches.next();
    expect(first.value).toHaveLength(100);
    expect(file.bytesRead()).toBeLessThanOrEqual(2 * 4096);
    let rows = 100;
    for await (const batch of batches) rows += batch.length;
    expect(rows).toBe(20_000);
    expect(file.bytesRead()).toBe(size);
    await file.close();
    await file.close();
  });

  it('closes the file when the reader stops early', async () => {
    const file = await openCsvFile(fileOf('a\n1\n2\n3\n'));
    for await (const batch of file.batches(1)) {
      expect(batch).toEqual([{ line: 2, fields: ['1'] }]);
      break;
    }
    await file.close();
  });
});
