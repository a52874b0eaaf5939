import { eq, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/identity/actor.js';
import type { ActionPermissions } from '../../core/identity/policy.js';
import type { Permission } from '../../core/identity/permissions.js';
import { exports } from './exports.tables.js';

export type ExportAction = 'create' | 'list' | 'read' | 'download';

/**
 * Who exports: Org Admins (`org.export_data`) and managers (`team.generate_reports`). What they export
 * is what their own list calls return (record scope, private tasks): the job reads the lists as them.
 */
export const EXPORT_PERMISSIONS_ANY: readonly Permission[] = ['org.export_data', 'team.generate_reports'];

export const EXPORT_PERMISSIONS: ActionPermissions<ExportAction> = {
  create: EXPORT_PERMISSIONS_ANY,
  list: EXPORT_PERMISSIONS_ANY,
  read: EXPORT_PERMISSIONS_ANY,
  download: EXPORT_PERMISSIONS_ANY,
};

/** An export is its creator's alone (it holds what they may see): anyone else gets a 404. */
export function visibleWhere(actor: Pick<Actor, 'userId'>): SQL {
  return eq(exports.createdBy, actor.userId);
}
