import type { ActionPermissions } from '../../core/identity/policy.js';

export type CustomFieldAction = 'list' | 'create' | 'update' | 'delete';

/** Every member sees the organization's fields (they fill them in); changing them is a setting. */
export const CUSTOM_FIELD_PERMISSIONS: ActionPermissions<CustomFieldAction> = {
  list: [],
  create: ['org.configure_settings'],
  update: ['org.configure_settings'],
  delete: ['org.configure_settings'],
};
