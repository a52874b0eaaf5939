/**
 * Every table, for Drizzle's typed queries and for drizzle-kit. Tables live with the module that owns
 * them (`modules/<d>/<d>.tables.ts`); core reads them through here and never imports a module's logic.
 */
export * from '../../modules/platform/platform.tables.js';
export * from '../../modules/audit/audit.tables.js';
export * from '../../modules/users/users.tables.js';
export * from '../../modules/roles/roles.tables.js';
export * from '../../modules/teams/teams.tables.js';
export * from '../../modules/auth/auth.tables.js';
export * from '../../modules/api-keys/api-keys.tables.js';
export * from '../../modules/invitations/invitations.tables.js';
export * from '../auth/rate-limit.tables.js';
export * from '../events/events.tables.js';
export * from '../../modules/customers/customers.tables.js';
export * from '../../modules/contacts/contacts.tables.js';
export * from '../../modules/custom-fields/custom-fields.tables.js';
export * from '../../modules/pipelines/pipelines.tables.js';
export * from '../../modules/opportunities/opportunities.tables.js';
export * from '../../modules/interactions/interactions.tables.js';
export * from '../../modules/documents/documents.tables.js';
export * from '../../modules/tasks/tasks.tables.js';
export * from '../../modules/goals/goals.tables.js';
export * from '../../modules/notifications/notifications.tables.js';
export * from '../../modules/realtime/realtime.tables.js';
export * from '../../modules/imports/imports.tables.js';
export * from '../../modules/exports/exports.tables.js';
export * from '../../modules/predictions/predictions.tables.js';
export * from '../../modules/assistant/assistant.tables.js';
export * from '../../modules/integrations/integrations.tables.js';
