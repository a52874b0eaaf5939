/**
 * Receives a multipart upload into a temporary file, before the route's transaction opens: the bytes go
 * to disk as they arrive (never whole in memory) and are hashed on the way, so storing them afterwards
 * is a rename. Over the size limit the answer is 413 and the temporary file is gone.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Context } from 'koa';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../errors/app-error.js';

/** A file a route received, on disk until the request ends (then removed unless moved away). */
export interface UploadedFile {
  /** The temporary file; storage moves it, the route pipeline deletes what is left after the request. */
  path: string;
  size: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  /** The client's file name, without directories, control or bidirectional characters. */
  fileName: string;
  /** What the client said the type was: informative only, never trusted. */
  declaredType: string;
  /** The other (text) fields of the form, by name; the route validates them. */
  fields: Record<string, string>;
}

export interface UploadOptions {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** Where temporary files go: on the same file system as the storage, so moving is a rename. */
  tempDir: string;
  /** The form field holding the file. */
  field?: string;
}

/** Room for the multipart framing and the text fields around the file. */
const FRAMING_BYTES = 64 * 1024;
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 1024;

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', { message: `The file is larger than ${formatBytes(maxBytes)}` });

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"\\/]/g;

/** The last path segment of a client's file name, safe to show and to put in a header. */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_NAME, '_').trim().slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

interface SavedFile {
  path: string;
  size: number;
  sha256: string;
  truncated: boolean;
}

/** Streams one file part to `target`, hashing and counting it. */
async function save(stream: Readable & { truncated?: boolean }, target: string): Promise<SavedFile> {
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(stream, measure, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return { path: target, size, sha256: hash.digest('hex'), truncated: stream.truncated === true };
}

/**
 * Reads a `multipart/form-data` request with one file in `options.field` (default `file`). 415 for
 * another content type, 413 over `maxBytes` (nothing left on disk), 422 `body.file` when no file came.
 */
export async function receiveUpload(ctx: Context, options: UploadOptions): Promise<UploadedFile> {
  if (!ctx.is('multipart/form-data')) {
    throw new AppError('unsupported_media_type', {
      message: 'Send the file as multipart/form-data',
    });
  }
  const declaredLength = Number(ctx.get('content-length') || 0);
  if (declaredLength > options.maxBytes + FRAMING_BYTES) throw tooLarge(options.maxBytes);
  await mkdir(options.tempDir, { recursive: true });
  const field = options.field ?? 'file';
  const fields: Record<string, string> = {};
  let saving: Promise<SavedFile> | undefined;
  let info: { filename: string; mimeType: string } | undefined;

  const parser = busboy({
    headers: ctx.req.headers,
    // File names arrive as UTF-8 from browsers and fetch; busboy would read them as Latin-1.
    defParamCharset: 'utf8',
    // busboy marks a file that reaches its limit as truncated, even one exactly that long: one more byte.
    limits: { files: 1, fileSize: options.maxBytes + 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
  });
  parser.on('field', (name: string, value: string) => {
    fields[name] = value;
  });
  let extraFiles = 0;
  parser.on('file', (name: string, stream: Readable, fileInfo: { filename: string; mimeType: string }) => {
    if (name !== field || saving) {
      if (name === field) extraFiles++;
      stream.resume();
      return;
    }
    info = fileInfo;
    saving = save(stream, path.join(options.tempDir, `upload-${uuidv7()}`));
    // Errors are taken from `saving` below; this keeps an early one from being unhandled meanwhile.
    saving.catch(() => undefined);
  });

  try {
    await pipeline(ctx.req, parser);
  } catch {
    const file = await saving?.catch(() => undefined);
    if (file) await rm(file.path, { force: true });
    throw new AppError('bad_request', { message: 'The multipart body is malformed or was cut off' });
  }
  // A failure writing to disk is ours (a 500), not the client's; `save` removed what it wrote.
  const saved = await saving;
  if (!saved || !info) {
    throw AppError.validation([
      { path: `body.${field}`, message: `a file in the field "${field}" is required` },
    ]);
  }
  if (saved.truncated || saved.size > options.maxBytes) {
    await rm(saved.path, { force: true });
    throw tooLarge(options.maxBytes);
  }
  const problem =
    saved.size === 0 ? 'is empty' : extraFiles ? `takes one file; ${extraFiles + 1} were sent` : undefined;
  if (problem) {
    await rm(saved.path, { force: true });
    throw AppError.validation([{ path: `body.${field}`, message: problem }]);
  }
  return {
    path: saved.path,
    size: saved.size,
    sha256: saved.sha256,
    fileName: safeFileName(info.filename),
    declaredType: info.mimeType,
    fields,
  };
}
