/**
 * The permission strings of the product specification ("User Roles & Permissions"), exactly. Roles are
 * sets of these; built-in roles carry the spec's arrays unchanged.
 */
export const PLATFORM_PERMISSIONS = [
  'platform.view_all_tenants',
  'platform.manage_support_staff',
  'platform.view_system_metrics',
  'platform.configure_global_settings',
  'platform.manage_subscriptions',
  'platform.access_audit_logs',
  'platform.manage_feature_flags',
] as const;

export const ORG_ADMIN_PERMISSIONS = [
  'org.manage_users',
  'org.assign_roles',
  'org.view_audit_logs',
  'org.configure_settings',
  'org.import_data',
  'org.export_data',
  'org.manage_integrations',
] as const;

export const MANAGER_PERMISSIONS = [
  'team.manage_members',
  'team.assign_tasks',
  'team.view_performance',
  'team.set_goals',
  'team.generate_reports',
  'tasks.create_all_types',
  'tasks.view_team_tasks',
  'analytics.view_team_data',
  'notifications.send_team_alerts',
] as const;

export const SALES_REP_PERMISSIONS = [
  'opportunities.manage_assigned',
  'customers.manage_assigned',
  'interactions.create_own',
  'tasks.view_assigned',
  'tasks.update_assigned',
  'data.import_customers',
  'dashboard.view_personal',
  'notifications.receive_assigned',
] as const;

/** Read-only platform access for support staff; every read they make is audited. */
export const SUPPORT_PERMISSIONS = [
  'platform.view_all_tenants',
  'platform.view_system_metrics',
  'platform.access_audit_logs',
] as const;

export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];
export const TENANT_PERMISSIONS = [
  ...ORG_ADMIN_PERMISSIONS,
  ...MANAGER_PERMISSIONS,
  ...SALES_REP_PERMISSIONS,
] as const;
export type TenantPermission = (typeof TENANT_PERMISSIONS)[number];
export type Permission = PlatformPermission | TenantPermission;

export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'platform.view_all_tenants': 'View every organization and its data',
  'platform.manage_support_staff': 'Register and invite support staff',
  'platform.view_system_metrics': 'See system health, performance and usage',
  'platform.configure_global_settings': 'Configure global settings and policies',
  'platform.manage_subscriptions': 'Create organizations, manage plans and suspend them',
  'platform.access_audit_logs': 'Read the audit log of any organization',
  'platform.manage_feature_flags': 'Turn features on and off',
  'org.manage_users': 'Invite, edit, deactivate and import users; manage teams',
  'org.assign_roles': 'Assign roles and manage custom roles',
  'org.view_audit_logs': "Read the organization's audit log",
  'org.configure_settings': 'Change organization settings',
  'org.import_data': 'Run large data imports',
  'org.export_data': 'Export organization data',
  'org.manage_integrations': 'Connect Slack, Teams and API keys',
  'team.manage_members': 'Add and remove members of teams you manage',
  'team.assign_tasks': 'Assign tasks to team members',
  'team.view_performance': "See your team's performance",
  'team.set_goals': 'Set goals and targets for team members',
  'team.generate_reports': 'Generate team reports',
  'tasks.create_all_types': 'Create collaborative and private tasks',
  'tasks.view_team_tasks': "See your team's tasks",
  'analytics.view_team_data': 'See team analytics',
  'notifications.send_team_alerts': 'Send alerts to your team',
  'opportunities.manage_assigned': 'Manage opportunities assigned to you',
  'customers.manage_assigned': 'Manage customers assigned to you',
  'interactions.create_own': 'Log your interactions',
  'tasks.view_assigned': 'See tasks assigned to you',
  'tasks.update_assigned': 'Update tasks assigned to you',
  'data.import_customers': 'Import customers from CSV',
  'dashboard.view_personal': 'See your personal dashboard',
  'notifications.receive_assigned': 'Receive notifications about your work',
};

export const BUILT_IN_ROLES = [
  { key: 'org_admin', name: 'Org Admin', permissions: ORG_ADMIN_PERMISSIONS },
  { key: 'team_manager', name: 'Team Manager', permissions: MANAGER_PERMISSIONS },
  { key: 'sales_rep', name: 'Sales Rep', permissions: SALES_REP_PERMISSIONS },
] as const;
export type BuiltInRoleKey = (typeof BUILT_IN_ROLES)[number]['key'];

export type PlatformRole = 'super_admin' | 'support';
export const PLATFORM_ROLE_PERMISSIONS: Record<PlatformRole, readonly PlatformPermission[]> = {
  super_admin: PLATFORM_PERMISSIONS,
  support: SUPPORT_PERMISSIONS,
};

const tenantPermissionSet = new Set<string>(TENANT_PERMISSIONS);
export function isTenantPermission(value: string): value is TenantPermission {
  return tenantPermissionSet.has(value);
}
