/**
 * Reads the file of `POST /api/v1/users/import` from the request, before the route's transaction opens:
 * a slow upload must not hold a database connection (or, embedded, the whole database).
 */
import busboy from 'busboy';
import type { Context } from 'koa';
import { AppError } from '../../core/errors/app-error.js';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** The uploaded CSV: a multipart `file` field, or the raw body sent as text/csv. */
export async function readImportFile(ctx: Context): Promise<Buffer> {
  if (ctx.is('multipart/form-data')) return readMultipartFile(ctx);
  if (ctx.is('text/csv', 'text/plain', 'application/octet-stream')) return readRaw(ctx);
  throw new AppError('unsupported_media_type', {
    message: 'Send the CSV as multipart/form-data (field "file") or as a text/csv body',
  });
}

function readRaw(ctx: Context): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES) reject(tooLarge());
      else chunks.push(chunk);
    });
    ctx.req.on('end', () => resolve(Buffer.concat(chunks)));
    ctx.req.on('error', reject);
  });
}

const tooLarge = () => new AppError('payload_too_large', { message: 'The file is larger than 10 MiB' });

function readMultipartFile(ctx: Context): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: ctx.req.headers, limits: { files: 1, fileSize: MAX_IMPORT_BYTES } });
    let file: Buffer | undefined;
    parser.on('file', (field, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => reject(tooLarge()));
      stream.on('close', () => {
        if (field === 'file') file = Buffer.concat(chunks);
      });
    });
    parser.on('close', () =>
      file
        ? resolve(file)
        : reject(
            AppError.validation([
              { path: 'body.file', message: 'a CSV file in the field "file" is required' },
            ]),
          ),
    );
    parser.on('error', () =>
      reject(new AppError('bad_request', { message: 'The multipart body is malformed' })),
    );
    ctx.req.pipe(parser);
  });
}
