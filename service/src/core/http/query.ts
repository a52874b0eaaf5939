import { z } from 'zod';

/** Koa reads `?limit=1&limit=2` as an array; no parameter of ours takes more than one value. */
function refuseRepeated(input: unknown, ctx: z.core.$RefinementCtx<unknown>): unknown {
  if (typeof input !== 'object' || input === null) return input;
  for (const [name, value] of Object.entries(input)) {
    if (Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'was given more than once; give it once' });
    }
  }
  return input;
}

/**
 * The schema of a route's query string: a strict object whose parameters each take one value. A
 * repeated parameter is a 422 naming it, instead of whatever its own schema makes of an array
 * (`limit` answered "received NaN").
 */
export function queryObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.preprocess(refuseRepeated, z.strictObject(shape));
}
