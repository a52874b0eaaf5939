import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/** `?limit=&cursor=` of every list: at most 200 a page, 50 when not given. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

/**
 * Keyset cursors: the sort key of the last row of a page (say `[name, id]`), opaque to callers. A list
 * reads `limit + 1` rows to know whether there is a next page.
 */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key of a cursor made by `encodeCursor` with `length` parts; 422 on anything else. */
export function decodeCursor(cursor: string, length: number): (string | number | null)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((part) => part === null || typeof part === 'string' || typeof part === 'number')
    )
      return key as (string | number | null)[];
  } catch {
    // falls through to the validation error
  }
  throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
}

/** The page of `rows` (read with `limit + 1`) and the cursor after it. */
export function pageFrom<Row>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => readonly (string | number | null)[],
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
