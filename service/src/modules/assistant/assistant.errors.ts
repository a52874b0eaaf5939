import type { ErrorSentences } from '../../core/errors/app-error.js';

/** Undo and confirm buttons that no longer apply; everything else uses core codes. */
export type AssistantErrorCode = 'assistant_action_expired' | 'assistant_action_done';

export const ASSISTANT_ERRORS: ErrorSentences<AssistantErrorCode> = {
  assistant_action_expired:
    'That button has expired (they last ten minutes); say it again if you still want it.',
  assistant_action_done: 'That was already done, undone or cancelled.',
};
