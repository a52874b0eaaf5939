import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError, type FieldError } from '../../core/errors/app-error.js';
import { assertAllowed } from '../../core/identity/policy.js';
import type { CommandInput } from '../../core/module/module.js';
import { CUSTOM_FIELD_PERMISSIONS } from './custom-fields.policy.js';
import { presentCustomField } from './custom-fields.presenter.js';
import * as repo from './custom-fields.repo.js';
import type { CustomFieldDefinition, CustomFieldObject, CustomFieldType } from './custom-fields.tables.js';
import { checkValue, isPresent } from './custom-fields.values.js';

type Command = CommandInput;

const TYPES_WITH_OPTIONS = new Set<CustomFieldType>(['enum', 'multi_enum']);
const path = (key: string) => `body.customFields.${key}`;

/**
 * The custom field values to store on a record of `object`: `existing` merged with `input`, each given
 * value checked against its definition (and brought to its stored form), `null` removing one. Unknown
 * keys and required fields still missing after the merge are 422s naming `body.customFields.<key>`.
 * Values of deleted definitions stay as they are. Commands that create or update records call this.
 */
export async function checkCustomFields(
  tx: Tx,
  object: CustomFieldObject,
  input: Record<string, unknown> | undefined,
  existing: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const definitions = new Map((await repo.listDefinitions(tx, object)).map((d) => [d.key, d]));
  const merged: Record<string, unknown> = { ...existing };
  const errors: FieldError[] = [];
  const users = new Map<string, string>();
  for (const [key, value] of Object.entries(input ?? {})) {
    const definition = definitions.get(key);
    if (value === null) {
      if (definition || key in existing) delete merged[key];
      else errors.push({ path: path(key), message: `is not a custom field of ${object} records` });
      continue;
    }
    if (!definition) {
      errors.push({ path: path(key), message: `is not a custom field of ${object} records` });
      continue;
    }
    const checked = checkValue(definition, value);
    if (!checked.ok) errors.push({ path: path(key), message: checked.message });
    else {
      merged[key] = checked.value;
      if (definition.type === 'user') users.set(key, checked.value as string);
    }
  }
  const members = await repo.activeMemberIds(tx, [...new Set(users.values())]);
  for (const [key, userId] of users) {
    if (!members.has(userId))
      errors.push({ path: path(key), message: 'is not an active member of this organization' });
  }
  for (const definition of definitions.values()) {
    const reported = errors.some((error) => error.path === path(definition.key));
    if (definition.required && !reported && !isPresent(merged[definition.key])) {
      errors.push({ path: path(definition.key), message: `is required (${definition.label})` });
    }
  }
  if (errors.length) throw AppError.validation(errors);
  return merged;
}

export function listCustomFields({ tx, object }: Command & { object?: CustomFieldObject | undefined }) {
  return repo.listDefinitions(tx, object);
}

async function existingDefinition(tx: Tx, id: string): Promise<CustomFieldDefinition> {
  const definition = await repo.findDefinition(tx, id);
  if (!definition) throw AppError.notFound('Custom field');
  return definition;
}

export async function createCustomField({
  actor,
  tx,
  position,
  ...field
}: Command & {
  object: CustomFieldObject;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  position?: number | undefined;
}): Promise<CustomFieldDefinition> {
  assertAllowed(actor, CUSTOM_FIELD_PERMISSIONS, 'create');
  if (await repo.isKeyTaken(tx, field.object, field.key)) {
    throw new AppError('custom_field_key_taken', {
      message: `A ${field.object} custom field with the key "${field.key}" already exists`,
    });
  }
  const definition = await repo.insertDefinition(tx, {
    tenantId: actor.tenantId,
    ...field,
    position: position ?? (await repo.nextPosition(tx, field.object)),
  });
  await recordAudit(tx, actor.tenantId, {
    action: 'custom_field.created',
    entityType: 'custom_field',
    entityId: definition.id,
    after: definition,
  });
  return definition;
}

export async function updateCustomField({
  actor,
  tx,
  customFieldId,
  version,
  ...change
}: Command & {
  customFieldId: string;
  version: number;
  label?: string | undefined;
  options?: string[] | undefined;
  required?: boolean | undefined;
  position?: number | undefined;
}): Promise<CustomFieldDefinition> {
  assertAllowed(actor, CUSTOM_FIELD_PERMISSIONS, 'update');
  const definition = await existingDefinition(tx, customFieldId);
  if (change.options !== undefined) {
    const needsOptions = TYPES_WITH_OPTIONS.has(definition.type);
    if (!needsOptions && change.options.length) {
      throw AppError.validation([
        { path: 'body.options', message: 'only enum and multi_enum fields have options' },
      ]);
    }
    if (needsOptions && !change.options.length) {
      throw AppError.validation([
        { path: 'body.options', message: `is required for a ${definition.type} field` },
      ]);
    }
  }
  const set = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  const updated = await repo.updateDefinition(tx, { id: customFieldId, version }, set);
  if (!updated) throw AppError.staleVersion(presentCustomField(definition));
  await recordAudit(tx, actor.tenantId, {
    action: 'custom_field.updated',
    entityType: 'custom_field',
    entityId: customFieldId,
    before: definition,
    after: updated,
  });
  return updated;
}

/** Removes the definition; records keep their values, no longer shown or checked. */
export async function deleteCustomField({
  actor,
  tx,
  customFieldId,
}: Command & { customFieldId: string }): Promise<void> {
  assertAllowed(actor, CUSTOM_FIELD_PERMISSIONS, 'delete');
  const definition = await existingDefinition(tx, customFieldId);
  await repo.deleteDefinition(tx, customFieldId);
  const cleared = await repo.removeValues(tx, definition.object, definition.key);
  await recordAudit(tx, actor.tenantId, {
    action: 'custom_field.deleted',
    entityType: 'custom_field',
    entityId: customFieldId,
    before: definition,
    after: { recordsCleared: cleared },
  });
}
