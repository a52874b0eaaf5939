import type { ErrorSentences } from '../../core/errors/app-error.js';

/** The audit log. */
export type AuditErrorCode = 'audit_tenant_not_visible';

export const AUDIT_ERRORS: ErrorSentences<AuditErrorCode> = {
  audit_tenant_not_visible: 'You can only read the audit log of your own organization.',
};
