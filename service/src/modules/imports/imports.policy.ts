import { eq, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors/app-error.js';
import { holdsAny, type Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import type { Permission } from '../../core/identity/permissions.js';
import { imports, type ImportType } from './imports.tables.js';

export type ImportAction = 'list' | 'read' | 'create' | 'cancel' | 'undo' | 'mappings' | 'manageMappings';

/** Org Admins import everything (`org.import_data`); reps import customers and contacts that become theirs. */
const IMPORTERS: readonly Permission[] = ['org.import_data', 'data.import_customers'];

export const IMPORT_PERMISSIONS: ActionPermissions<ImportAction> = {
  list: IMPORTERS,
  read: IMPORTERS,
  create: IMPORTERS,
  cancel: IMPORTERS,
  undo: IMPORTERS,
  mappings: IMPORTERS,
  manageMappings: IMPORTERS,
};

/** What `data.import_customers` alone may import: records that become the importer's own. */
const OWN_RECORD_TYPES: ReadonlySet<ImportType> = new Set(['customers', 'contacts']);

/** Whether the actor imports for the whole organization (any type, any owner). */
export function importsForOrganization(actor: Pick<Actor, 'permissions'>): boolean {
  return holdsAny(actor, ['org.import_data']);
}

/** 403 naming `body.type` when the actor may not import that type. */
export function assertMayImport(actor: Pick<Actor, 'permissions'>, type: ImportType): void {
  if (importsForOrganization(actor) || OWN_RECORD_TYPES.has(type)) return;
  throw AppError.forbidden(
    `Importing ${type} needs the permission org.import_data; you may import customers and contacts`,
  );
}

/** Imports the actor sees: all of the organization's for `org.import_data`, otherwise their own. */
export function visibleWhere(actor: Pick<Actor, 'permissions' | 'userId'>): SQL | undefined {
  return importsForOrganization(actor) ? sql`true` : eq(imports.createdBy, actor.userId);
}
