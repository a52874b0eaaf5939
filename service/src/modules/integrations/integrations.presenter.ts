import type { WorkspaceRow } from './integrations.repo.js';

/** A bound workspace as the API shows it: never its token. */
export function presentWorkspace(row: WorkspaceRow) {
  return {
    id: row.id,
    platform: row.platform,
    externalId: row.externalId,
    name: row.name,
    alertChannel: row.alertChannel,
    linkedMembers: row.linkedMembers,
    createdAt: row.createdAt.toISOString(),
  };
}
