/**
 * A CSV file on disk read as a stream: the file is read in chunks as batches of records are pulled, so
 * memory stays flat whatever its size (a chunk, the record being read, and the batch). Same records and
 * line numbers as `readCsvRecords`; every problem is a CsvFileError naming its line.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { detectDelimiter, type CsvRecord } from './csv-reader.js';
import { createChunkDecoder, sniffEncoding, type ChunkDecoder, type CsvEncoding } from './csv-encoding.js';
import { CsvRecordParser } from './csv-record-parser.js';

/** A problem with the file as a whole or at a line; `line` 0 means the file. */
export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvFileError';
  }
}

export interface CsvFile {
  /** 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' */
  readonly encoding: CsvEncoding;
  /** Detected from the header line (`, ; tab |`), or Excel's `sep=` line. */
  readonly delimiter: string;
  /** The first non-blank record, with its line. */
  readonly header: CsvRecord;
  /**
   * The data records after the header, in batches of at most `batchSize` (blank records skipped), with
   * backpressure (the file is read as batches are pulled, never whole). After the records before it,
   * an unclosed quote throws CsvFileError naming the line where the quoted value starts. Call it once.
   */
  batches(batchSize: number): AsyncGenerator<CsvRecord[]>;
  /** Bytes of the file consumed so far (for progress: bytesRead / size). */
  bytesRead(): number;
  close(): Promise<void>;
}

export interface CsvFileOptions {
  /** Overrides the detected delimiter. */
  delimiter?: string;
  /** Bytes read at a time (default 1 MiB; tests use a few bytes to cut records everywhere). */
  chunkSize?: number;
  /** Longest record in characters before the file is refused (default 16 Mi). */
  maxRecordChars?: number;
}

const SAMPLE_BYTES = 64 * 1024;
const DEFAULT_CHUNK = 1024 * 1024;
const DEFAULT_MAX_RECORD = 16 * 1024 * 1024;

/** Opens a file on disk; throws CsvFileError for an empty file, an XLSX/XLS renamed .csv, binary, UTF-32. */
export async function openCsvFile(path: string, options: CsvFileOptions = {}): Promise<CsvFile> {
  const maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD;
  const handle = await open(path, 'r');
  try {
    const sample = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead: sampled } = await handle.read(sample, 0, SAMPLE_BYTES, 0);
    const sniffed = sniffEncoding(sample.subarray(0, sampled), sampled < SAMPLE_BYTES);
    if ('problem' in sniffed) throw new CsvFileError(sniffed.problem, 0);
    const body = sample.subarray(sniffed.bomLength, sampled);
    const detected = detectDelimiter(createChunkDecoder(sniffed.encoding).decode(body, false).text);
    const reader = new RecordStream(handle, {
      encoding: sniffed.encoding,
      start: sniffed.bomLength,
      parser: new CsvRecordParser({
        delimiter: options.delimiter ?? detected.delimiter,
        skipChars: detected.start.index,
        firstLine: detected.start.line,
        maxRecordChars,
      }),
      chunkSize: options.chunkSize ?? DEFAULT_CHUNK,
      maxRecordChars,
    });
    const [header] = await reader.read(1);
    if (header === undefined) {
      throw new CsvFileError('The file has no rows: it is empty or holds only blank lines.', 0);
    }
    return {
      encoding: sniffed.encoding,
      delimiter: options.delimiter ?? detected.delimiter,
      header,
      async *batches(batchSize: number) {
        for (;;) {
          const batch = await reader.read(batchSize);
          if (batch.length === 0) return;
          yield batch;
        }
      },
      bytesRead: () => reader.bytesRead,
      close: () => reader.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

interface RecordStreamOptions {
  encoding: CsvEncoding;
  start: number;
  parser: CsvRecordParser;
  chunkSize: number;
  maxRecordChars: number;
}

/** Pulls chunks from the file into the parser as records are asked for. */
class RecordStream {
  bytesRead: number;
  private readonly decoder: ChunkDecoder;
  private readonly parser: CsvRecordParser;
  private readonly chunk: Buffer;
  private final = false;
  private closed = false;
  /** Set when the text stopped at an invalid byte sequence: thrown once the records before it are read. */
  private invalidText = false;
  /** A problem found after some records of a batch: thrown at the next read. */
  private deferred: CsvFileError | null = null;

  constructor(
    private readonly handle: FileHandle,
    private readonly options: RecordStreamOptions,
  ) {
    this.bytesRead = options.start;
    this.decoder = createChunkDecoder(options.encoding);
    this.parser = options.parser;
    this.chunk = Buffer.alloc(options.chunkSize);
  }

  /** Up to `limit` non-blank records; none at the end of the file. */
  async read(limit: number): Promise<CsvRecord[]> {
    if (this.deferred !== null) throw this.deferred;
    const records: CsvRecord[] = [];
    const out: CsvRecord[] = [];
    while (records.length < limit) {
      out.length = 0;
      const stop = this.parser.read(out, limit - records.length, this.final);
      for (const record of out) if (!isBlank(record)) records.push(record);
      if (stop === null) continue;
      if (stop.kind === 'done') break;
      const problem =
        stop.kind === 'unclosed-quote'
          ? unclosedQuote(stop.line)
          : stop.kind === 'too-long'
            ? recordTooLong(stop.line, stop.openQuoteLine, this.options.maxRecordChars)
            : await this.pull();
      if (problem === null) continue;
      if (records.length === 0) throw problem;
      this.deferred = problem;
      break;
    }
    return records;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  /** Reads the next chunk into the parser, or says why the text cannot go on. */
  private async pull(): Promise<CsvFileError | null> {
    const { parser, options } = this;
    if (this.invalidText) return invalidEncoding(options.encoding, parser.lineAtEnd());
    const { bytesRead } = await this.handle.read(this.chunk, 0, this.chunk.length, this.bytesRead);
    this.bytesRead += bytesRead;
    this.final = bytesRead === 0;
    const decoded = this.decoder.decode(this.chunk.subarray(0, bytesRead), this.final);
    parser.push(decoded.text);
    if (decoded.invalid) {
      this.invalidText = true;
      this.final = false; // the records cut by the invalid bytes are not complete
    }
    return null;
  }
}

function isBlank(record: CsvRecord): boolean {
  return record.fields.every((field) => field.trim() === '');
}

function unclosedQuote(line: number): CsvFileError {
  return new CsvFileError(
    `The quoted value starting at line ${line} never closes: a quote (") is missing, or the file was cut off.`,
    line,
  );
}

function invalidEncoding(encoding: CsvEncoding, line: number): CsvFileError {
  const name = encoding.startsWith('utf-16') ? 'UTF-16' : 'UTF-8';
  return new CsvFileError(
    `Line ${line} is not valid ${name} text (the file may mix encodings). Save the file as "CSV UTF-8" ` +
      'and import it again.',
    line,
  );
}

function recordTooLong(line: number, openQuoteLine: number | null, maxChars: number): CsvFileError {
  const mebi = maxChars / (1024 * 1024);
  const limit = Number.isInteger(mebi) ? `${mebi} MiB` : `${maxChars} characters`;
  const cause =
    openQuoteLine === null
      ? ''
      : ` The quoted value starting at line ${openQuoteLine} may be missing its closing quote (").`;
  return new CsvFileError(`The row starting at line ${line} is longer than ${limit}.${cause}`, line);
}
