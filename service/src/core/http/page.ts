import { z } from 'zod';

/** The list response of the HTTP contract: `{ items, nextCursor }`. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last one'),
  });
}
