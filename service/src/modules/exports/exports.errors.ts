import type { ErrorSentences } from '../../core/errors/app-error.js';

/**
 * Exports use core codes (`not_found` for someone else's export, `conflict` for a file not ready or
 * gone). An expired link answers 410, a status the catalogue (`service/src/errors.ts`) has no code for
 * yet: the route writes that problem document itself (see `expiredLinkProblem`).
 */
export type ExportsErrorCode = never;

export const EXPORTS_ERRORS: ErrorSentences<ExportsErrorCode> = {};

/** The problem document of an expired (or removed) download link: 410 Gone. */
export function expiredLinkProblem(requestId: string | undefined) {
  return {
    type: 'https://closer.dev/problems/export-link-expired',
    title: 'Gone',
    status: 410,
    detail: 'This download link has expired; start the export again to get a new one.',
    code: 'export_link_expired',
    ...(requestId && { requestId }),
  };
}
