/**
 * The error catalog: every code Closer throws, the sentence a person is shown for it, and (in one table)
 * the HTTP status it answers with. A code without a sentence or a status does not compile. Transports
 * map errors here and nowhere else: problem+json for HTTP (core/http/problem.ts), `toChatReply` for chat.
 */
import { AppError } from './core/errors/app-error.js';
import { CORE_ERRORS, type CoreErrorCode } from './core/errors/core.errors.js';
import { EMAIL_ERRORS, type EmailErrorCode } from './core/email/email.errors.js';
import { API_KEY_ERRORS, type ApiKeyErrorCode } from './modules/api-keys/api-keys.errors.js';
import { AUDIT_ERRORS, type AuditErrorCode } from './modules/audit/audit.errors.js';
import { AUTH_ERRORS, type AuthErrorCode } from './modules/auth/auth.errors.js';
import { INVITATION_ERRORS, type InvitationErrorCode } from './modules/invitations/invitations.errors.js';
import { PLATFORM_ERRORS, type PlatformErrorCode } from './modules/platform/platform.errors.js';
import { ROLE_ERRORS, type RoleErrorCode } from './modules/roles/roles.errors.js';
import { TEAM_ERRORS, type TeamErrorCode } from './modules/teams/teams.errors.js';
import { USER_ERRORS, type UserErrorCode } from './modules/users/users.errors.js';
import { CONTACTS_ERRORS, type ContactsErrorCode } from './modules/contacts/contacts.errors.js';
import {
  CUSTOM_FIELDS_ERRORS,
  type CustomFieldsErrorCode,
} from './modules/custom-fields/custom-fields.errors.js';
import { PIPELINES_ERRORS, type PipelinesErrorCode } from './modules/pipelines/pipelines.errors.js';
import { CUSTOMERS_ERRORS, type CustomersErrorCode } from './modules/customers/customers.errors.js';
import {
  NOTIFICATIONS_ERRORS,
  type NotificationsErrorCode,
} from './modules/notifications/notifications.errors.js';
import { IMPORTS_ERRORS, type ImportsErrorCode } from './modules/imports/imports.errors.js';
import { PREDICTIONS_ERRORS, type PredictionsErrorCode } from './modules/predictions/predictions.errors.js';
import { ASSISTANT_ERRORS, type AssistantErrorCode } from './modules/assistant/assistant.errors.js';
import {
  INTEGRATIONS_ERRORS,
  type IntegrationsErrorCode,
} from './modules/integrations/integrations.errors.js';

export type ErrorCode =
  | CoreErrorCode
  | EmailErrorCode
  | AuthErrorCode
  | ApiKeyErrorCode
  | AuditErrorCode
  | InvitationErrorCode
  | PlatformErrorCode
  | RoleErrorCode
  | TeamErrorCode
  | UserErrorCode
  | ContactsErrorCode
  | CustomFieldsErrorCode
  | PipelinesErrorCode
  | CustomersErrorCode
  | NotificationsErrorCode
  | ImportsErrorCode
  | PredictionsErrorCode
  | AssistantErrorCode
  | IntegrationsErrorCode;

/** What a person is told, per code. */
export const ERROR_SENTENCES: Readonly<Record<ErrorCode, string>> = {
  ...CORE_ERRORS,
  ...EMAIL_ERRORS,
  ...AUTH_ERRORS,
  ...API_KEY_ERRORS,
  ...AUDIT_ERRORS,
  ...INVITATION_ERRORS,
  ...PLATFORM_ERRORS,
  ...ROLE_ERRORS,
  ...TEAM_ERRORS,
  ...USER_ERRORS,
  ...CONTACTS_ERRORS,
  ...CUSTOM_FIELDS_ERRORS,
  ...PIPELINES_ERRORS,
  ...CUSTOMERS_ERRORS,
  ...NOTIFICATIONS_ERRORS,
  ...IMPORTS_ERRORS,
  ...PREDICTIONS_ERRORS,
  ...ASSISTANT_ERRORS,
  ...INTEGRATIONS_ERRORS,
};

type HttpStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 501 | 502 | 503;

/** The one table from codes to HTTP statuses. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, HttpStatus>> = {
  // core
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  not_implemented: 501,
  validation_failed: 422,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  no_tenant: 409,
  tenant_suspended: 403,
  conflict: 409,
  duplicate: 409,
  stale_version: 409,
  rate_limited: 429,
  service_unavailable: 503,
  internal: 500,
  // email
  email_rejected: 502,
  email_unavailable: 503,
  // auth
  invalid_credentials: 401,
  account_disabled: 403,
  tenant_unavailable: 403,
  no_membership: 403,
  invalid_token: 400,
  // api keys
  api_key_exceeds_creator: 403,
  api_key_needs_session: 403,
  // audit
  audit_tenant_not_visible: 404,
  // invitations
  already_member: 409,
  already_invited: 409,
  invitation_not_pending: 409,
  invalid_invitation: 400,
  // platform
  tenant_slug_taken: 409,
  already_super_admin: 409,
  // roles
  role_name_taken: 409,
  built_in_role: 409,
  role_in_use: 409,
  grant_exceeds_own: 403,
  // teams
  team_name_taken: 409,
  team_not_managed: 403,
  team_manager_needs_admin: 403,
  team_member_outranks_you: 403,
  // users
  last_admin: 409,
  self_change: 403,
  import_invalid: 422,
  // custom fields
  custom_field_key_taken: 409,
  // pipelines
  pipeline_name_taken: 409,
  stage_in_use: 409,
  // customers
  customer_merged: 409,
  import_finished: 409,
  import_not_undoable: 409,
  // contacts
  contact_merged: 409,
  // notifications
  unsubscribe_link_invalid: 400,
  // predictions
  training_running: 409,
  // assistant
  assistant_action_expired: 410,
  assistant_action_done: 409,
  // integrations
  slack_token_rejected: 422,
  slack_unreachable: 502,
};

export function httpStatusOf(error: AppError): HttpStatus {
  return HTTP_STATUS[error.code] ?? 500;
}

/** Whether a caller may see the error's own message; 5xx details stay in the logs. */
export function isExposed(error: AppError): boolean {
  return httpStatusOf(error) < 500 || error.code === 'service_unavailable';
}

export interface ChatReply {
  text: string;
  /** Field problems, each a sentence a person reads ("The amount must be a number."). */
  details: string[];
  /** What chat says: the field problems when there are any (they say more than the form-like `text`), else `text`. */
  sentence: string;
  code: ErrorCode;
}

/** A message that is a predicate of its field ("must be a number"), not a sentence of its own ("you can only..."). */
const PREDICATE =
  /^(?:is|are|was|were|must|needs?|has|have|had|would|will|cannot|can|could|may|should|stays|belongs|refers|does|do|contains|expects?|exceeds)\b/;

/** The field a path names, in words: "body.assigneeIds.0" -> "assignee", "expectedCloseDate" -> "expected close date". */
function fieldOf(path: string): string {
  const segment = path
    .replace(/^(body|query|params)\./, '')
    .split('.')
    .filter((part) => part && !/^\d+$/.test(part))
    .at(-1);
  return (segment ?? '')
    .replace(/(?<=[a-z])Ids?$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

const asSentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/**
 * A field problem as a sentence: "The amount must be a number.", "You can only assign tasks to yourself."
 * Domains write messages either as the field's predicate or as a sentence of their own; the path is for
 * forms, never shown in chat.
 */
function fieldSentence({ path, message }: { path: string; message: string }): string {
  if (!PREDICATE.test(message)) return asSentence(message);
  const field = fieldOf(path);
  return asSentence(`${field ? `the ${field}` : 'that'} ${message}`);
}

/** What the assistant says when a command fails: the code's sentence, never a stack or an SQL error. */
export function toChatReply(thrown: unknown, requestId?: string): ChatReply {
  if (thrown instanceof AppError && isExposed(thrown as AppError)) {
    const error = thrown as AppError;
    const details = (error.errors ?? []).map(fieldSentence);
    const text = ERROR_SENTENCES[error.code];
    return { text, details, sentence: details.length ? details.join(' ') : text, code: error.code };
  }
  const reference = requestId ? ` (reference ${requestId})` : '';
  const text = `${ERROR_SENTENCES.internal}${reference}`;
  return { text, details: [], sentence: text, code: 'internal' };
}
