import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;
export type SchemaIo = 'input' | 'output';

export const SCHEMA_REF = '#/components/schemas/';
/** Registry key of a route-level schema without a `.meta({ id })`: inlined unless another schema uses it. */
const ROUTE_KEY = '__route_';
const SHARED_REF = `${SCHEMA_REF}__shared#/$defs/`;

/** Zod schemas an API document uses, each with the component name to give it if it must become one. */
export type SchemaUses = Record<SchemaIo, Map<z.ZodType, string>>;

export interface ConvertedSchemas {
  /** `components.schemas`: every schema with a `.meta({ id })`, plus route schemas that others reference. */
  components: Record<string, JsonSchema>;
  /** The JSON Schema to put where `schema` is used: inline, or a `$ref` into `components`. */
  schemaFor(schema: z.ZodType, io: SchemaIo): JsonSchema;
}

interface Pass {
  roots: Map<z.ZodType, JsonSchema>;
  components: Record<string, JsonSchema>;
}

/**
 * Converts request schemas as zod inputs (defaults optional, coercions accepted) and response schemas as
 * outputs. A component whose two shapes differ keeps its id for the output and gets `<id>Input` for the input.
 */
export function convertSchemas(uses: SchemaUses): ConvertedSchemas {
  const output = convertPass(uses.output, 'output');
  const input = convertPass(uses.input, 'input');
  const renames = inputRenames(input.components, output.components);
  const components = { ...output.components };
  for (const [name, schema] of Object.entries(input.components)) {
    components[renames.get(name) ?? name] = rewriteRefs(schema, (ref) => renamedRef(ref, renames));
  }
  const inputRoots = new Map(
    [...input.roots].map(([zod, json]) => [zod, rewriteRefs(json, (ref) => renamedRef(ref, renames))]),
  );
  return {
    components,
    schemaFor(schema, io) {
      const json = (io === 'input' ? inputRoots : output.roots).get(schema);
      if (!json) throw new Error(`Schema was not registered for ${io} conversion`);
      return json;
    },
  };
}

/** Follows a top-level `$ref` into `components` (parameters need the object's properties). */
export function resolveSchema(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith(SCHEMA_REF)) return schema;
  return components[ref.slice(SCHEMA_REF.length)] ?? schema;
}

function convertPass(uses: Map<z.ZodType, string>, io: SchemaIo): Pass {
  const registry = z.registry<{ id: string }>();
  const keys = new Map<z.ZodType, string>();
  const hintByKey = new Map<string, string>();
  for (const [schema, hint] of uses) {
    const id = globalId(schema);
    const key = id ?? `${ROUTE_KEY}${keys.size}`;
    if (!id) hintByKey.set(key, hint);
    registry.add(schema, { id: key });
    keys.set(schema, key);
  }
  const emitted = z.toJSONSchema(registry, {
    io,
    uri: (id) => `${SCHEMA_REF}${id}`,
    unrepresentable,
  }).schemas;

  const components: Record<string, JsonSchema> = {};
  const shared = (emitted.__shared?.$defs ?? {}) as Record<string, JsonSchema>;
  for (const [key, schema] of Object.entries(emitted)) {
    if (key !== '__shared' && !key.startsWith(ROUTE_KEY)) components[key] = withoutRootKeywords(schema);
  }
  for (const [name, schema] of Object.entries(shared)) {
    if (components[name]) throw new Error(`Two different schemas are both named "${name}"`);
    components[name] = schema;
  }

  // Route schemas stay inline unless another schema points at them; those become named components.
  const promoted = new Map<string, string>();
  const refersToRoute = (ref: string) => {
    const key = ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : '';
    const hint = hintByKey.get(key);
    if (hint && !promoted.has(key)) promoted.set(key, uniqueName(hint, components, promoted));
    return ref;
  };
  for (const schema of [...Object.values(emitted), ...Object.values(shared)])
    rewriteRefs(schema, refersToRoute);
  for (const [key, name] of promoted) components[name] = withoutRootKeywords(emitted[key] ?? {});

  const finalRef = (ref: string): string => {
    if (ref.startsWith(SHARED_REF)) return `${SCHEMA_REF}${ref.slice(SHARED_REF.length)}`;
    const name = promoted.get(ref.slice(SCHEMA_REF.length));
    return name ? `${SCHEMA_REF}${name}` : ref;
  };
  for (const [name, schema] of Object.entries(components)) components[name] = rewriteRefs(schema, finalRef);

  const roots = new Map<z.ZodType, JsonSchema>();
  for (const [schema, key] of keys) {
    const name = key.startsWith(ROUTE_KEY) ? promoted.get(key) : key;
    roots.set(
      schema,
      name
        ? { $ref: `${SCHEMA_REF}${name}` }
        : rewriteRefs(withoutRootKeywords(emitted[key] ?? {}), finalRef),
    );
  }
  return { roots, components };
}

function globalId(schema: z.ZodType): string | undefined {
  const id = z.globalRegistry.get(schema)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Dates travel as ISO 8601 strings; anything else without a JSON Schema equivalent is documented as "any". */
const unrepresentable: z.core.UnrepresentableHandler = ({ zodSchema }) =>
  zodSchema._zod.def.type === 'date' ? { type: 'string', format: 'date-time' } : 'any';

/** `$schema` and `$id` belong to standalone documents, not to schemas embedded in OpenAPI. */
function withoutRootKeywords(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Input components that differ from the output component of the same name, directly or via a `$ref`. */
function inputRenames(
  input: Record<string, JsonSchema>,
  output: Record<string, JsonSchema>,
): Map<string, string> {
  const differs = new Set(
    Object.keys(input).filter((name) => output[name] && stableJson(input[name]) !== stableJson(output[name])),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const name of Object.keys(input)) {
      if (differs.has(name) || !output[name]) continue;
      if (referencedNames(input[name] ?? {}).some((ref) => differs.has(ref))) {
        differs.add(name);
        grew = true;
      }
    }
  }
  const renames = new Map<string, string>();
  for (const name of differs) renames.set(name, uniqueName(`${name}Input`, { ...output, ...input }, renames));
  return renames;
}

function renamedRef(ref: string, renames: Map<string, string>): string {
  const name = renames.get(ref.slice(SCHEMA_REF.length));
  return ref.startsWith(SCHEMA_REF) && name ? `${SCHEMA_REF}${name}` : ref;
}

function uniqueName(wanted: string, taken: Record<string, unknown>, chosen: Map<string, string>): string {
  const used = new Set([...Object.keys(taken), ...chosen.values()]);
  let name = wanted;
  for (let n = 2; used.has(name); n++) name = `${wanted}${n}`;
  return name;
}

/** Keeps the components `roots` reach, directly or through other components. */
export function reachableSchemas(
  roots: unknown,
  all: Record<string, JsonSchema>,
): Record<string, JsonSchema> {
  const pending = referencedNames(roots);
  const kept: Record<string, JsonSchema> = {};
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const schema = all[name];
    if (!schema || kept[name]) continue;
    kept[name] = schema;
    pending.push(...referencedNames(schema));
  }
  return Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b)));
}

/** Component names a schema points at through `$ref`. */
function referencedNames(value: unknown): string[] {
  const names: string[] = [];
  rewriteRefs(value, (ref) => {
    if (ref.startsWith(SCHEMA_REF)) names.push(ref.slice(SCHEMA_REF.length));
    return ref;
  });
  return names;
}

/** A deep copy with every string `$ref` passed through `map`. */
export function rewriteRefs<T>(value: T, map: (ref: string) => string): T {
  if (Array.isArray(value)) return value.map((item: unknown) => rewriteRefs(item, map)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = key === '$ref' && typeof item === 'string' ? map(item) : rewriteRefs(item, map);
  }
  return copy as T;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}
