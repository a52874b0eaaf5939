import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampColumn } from '../db/columns.js';

/**
 * Sign-in limiter state, shared by every instance and kept across restarts. One row per counter:
 * `address:<ip>`, `pair:<ip>|<email>`, `account:<email>`, and `known:<ip>|<email>` for an address that
 * has signed in to that account. Belongs to no tenant: only the sign-in scope (app.system = 'auth') reads it.
 */
export const signInLimits = pgTable(
  'sign_in_limits',
  {
    key: text('key').primaryKey(),
    /** Attempts counted in the current window (sign-ins that succeed are given back). */
    failures: integer('failures').notNull().default(0),
    /** When the count starts again from zero; for a known address, when it stops being known. */
    windowEndsAt: timestampColumn('window_ends_at').notNull(),
    /** For an account under attack: the earliest next attempt from an address it does not know. */
    nextAttemptAt: timestampColumn('next_attempt_at'),
  },
  (table) => [index('sign_in_limits_window_idx').on(table.windowEndsAt)],
);
