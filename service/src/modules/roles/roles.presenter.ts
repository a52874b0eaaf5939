import { PERMISSION_DESCRIPTIONS, type TenantPermission } from '../../core/identity/permissions.js';
import { isBuiltIn, type Role } from './roles.tables.js';

export function presentRole(role: Role, memberCount: number) {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    builtIn: isBuiltIn(role),
    builtInKey: role.builtInKey,
    permissions: role.permissions,
    memberCount,
    version: role.version,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}
export type RoleView = ReturnType<typeof presentRole>;

export function presentPermission(key: TenantPermission) {
  return { key, description: PERMISSION_DESCRIPTIONS[key], group: key.split('.')[0]! };
}
