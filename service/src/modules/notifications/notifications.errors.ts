import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Notifications refuse little of their own: bad input is a 422 naming the field, a notification or
 * subscription of someone else a 404. `unsubscribe_link_invalid`: an unsubscribe token that was not
 * signed by this installation (tampered, truncated or from elsewhere).
 */
export type NotificationsErrorCode = 'unsubscribe_link_invalid';

export const NOTIFICATIONS_ERRORS: ErrorSentences<NotificationsErrorCode> = {
  unsubscribe_link_invalid:
    'This unsubscribe link is not valid. Change your email settings in Closer instead.',
};
