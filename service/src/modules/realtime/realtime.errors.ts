/**
 * How a WebSocket at `/ws` is closed when it cannot go on. Every refusal happens after the upgrade (a
 * browser sees close codes, never the status of a refused upgrade), before anything else is sent.
 * Nothing in the reason says whether a session, key or event exists.
 */
export const REALTIME_CLOSE = {
  /** No credentials, or a cookie or API key that is not valid (any more): sign in again. */
  unauthenticated: { code: 4401, reason: 'Sign in or send an API key' },
  /** A cookie sent from another site, or a caller outside any active organization. */
  forbidden: { code: 4403, reason: 'Not allowed from this origin or outside an organization' },
  /** `lastEventId` is not an id this organization still keeps (or not a number): reload, then reconnect. */
  resumeUnknown: { code: 4409, reason: 'Resume point unknown; reload and reconnect without lastEventId' },
  /** The caller's role or permissions changed: reconnect to see with the new ones. */
  accessChanged: { code: 4412, reason: 'Your access changed; reconnect' },
  /** The server is going away: reconnect (with lastEventId) to another instance. */
  goingAway: { code: 1001, reason: 'Server shutting down; reconnect' },
} as const;

export type RealtimeCloseReason = keyof typeof REALTIME_CLOSE;
