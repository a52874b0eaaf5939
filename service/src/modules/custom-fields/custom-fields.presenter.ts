import type { CustomFieldDefinition } from './custom-fields.tables.js';

export function presentCustomField(definition: CustomFieldDefinition) {
  return {
    id: definition.id,
    object: definition.object,
    key: definition.key,
    label: definition.label,
    type: definition.type,
    options: definition.options,
    required: definition.required,
    position: definition.position,
    version: definition.version,
    createdAt: definition.createdAt.toISOString(),
    updatedAt: definition.updatedAt.toISOString(),
  };
}
export type CustomFieldView = ReturnType<typeof presentCustomField>;

/**
 * A record's custom field values as the API shows them: only those of fields still defined (a deleted
 * definition's values stay in the record but are no longer shown).
 */
export function presentCustomFieldValues(
  definitions: readonly Pick<CustomFieldDefinition, 'key'>[],
  stored: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const values = stored ?? {};
  return Object.fromEntries(
    definitions.filter((definition) => definition.key in values).map((d) => [d.key, values[d.key]]),
  );
}
