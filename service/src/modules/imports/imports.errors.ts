import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Imports: bad input is a 422 naming the field (a mapping to a header the file lacks, a required field
 * left unmapped); a file the reader refuses is a 422 naming the line. These are the other refusals.
 */
export type ImportsErrorCode = 'import_finished' | 'import_not_undoable';

export const IMPORTS_ERRORS: ErrorSentences<ImportsErrorCode> = {
  import_finished: 'That import has already finished, so there is nothing to cancel.',
  import_not_undoable: 'That import cannot be undone now.',
};
