/**
 * From CSV records to typed rows: each mapped field's cell is read by its kind (`import-values.ts`), and
 * every cell that cannot be read becomes a problem naming its line, its column as written, and the value.
 * Pure: lookups that need the database (owners, customers, stages) are the writers' business.
 */
import type { CsvRecord } from '../../core/csv/csv-reader.js';
import { checkValue } from '../custom-fields/custom-fields.values.js';
import type { CustomFieldDefinition } from '../custom-fields/custom-fields.tables.js';
import { parseField, type ImportField } from './import-fields.js';
import {
  cleanCell,
  parseBoolean,
  parseDate,
  parseDecimal,
  parseEach,
  parseEmail,
  parseEnum,
  parseMoney,
  type Parsed,
  type ValueOptions,
} from './import-values.js';

/** A line of the error report: `line` 0 is the file; `column` the header as written. */
export interface RowProblem {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** A record read into field values (absent: the cell was blank or the field unmapped). */
export interface PreparedRow {
  line: number;
  values: Record<string, unknown>;
  /** Custom field values by key, checked against their definitions. */
  custom: Record<string, unknown>;
  /** Problems that keep the row out. */
  problems: RowProblem[];
  /** Readings worth telling (a corrected typo) that do not keep the row out. */
  notes: RowProblem[];
}

/** Where each mapped field is in the record, resolved once per file. */
export interface ColumnPlan {
  fields: { field: ImportField; index: number; header: string }[];
  custom: { definition: CustomFieldDefinition; index: number; header: string }[];
  /** Header of a field, for problems found later (by the writers). */
  headerOf(field: string): string | null;
}

const CUSTOM_PREFIX = 'custom.';

/**
 * Resolves a mapping against the file's header. Problems name the mapping entry (`mapping.<field>`):
 * a field the type does not have, a header the file lacks, a required field left unmapped.
 */
export function planColumns(
  fields: readonly ImportField[],
  definitions: readonly CustomFieldDefinition[],
  mapping: Record<string, string>,
  header: readonly string[],
): { plan: ColumnPlan; problems: { path: string; message: string }[] } {
  const indexOfHeader = new Map<string, number>();
  header.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    if (!indexOfHeader.has(key)) indexOfHeader.set(key, index);
  });
  const byName = new Map(fields.map((field) => [field.name, field]));
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const problems: { path: string; message: string }[] = [];
  const plan: ColumnPlan = { fields: [], custom: [], headerOf: () => null };
  const headers = new Map<string, string>();
  const mapped = new Set<string>();
  for (const [name, headerName] of Object.entries(mapping)) {
    if (headerName.trim() === '') continue;
    mapped.add(name);
    const index = indexOfHeader.get(headerName.trim().toLowerCase());
    if (index === undefined) {
      problems.push({ path: `mapping.${name}`, message: `the file has no column "${headerName}"` });
      continue;
    }
    const written = header[index]!;
    if (name.startsWith(CUSTOM_PREFIX)) {
      const definition = byKey.get(name.slice(CUSTOM_PREFIX.length));
      if (!definition)
        problems.push({ path: `mapping.${name}`, message: 'is not a custom field of these records' });
      else plan.custom.push({ definition, index, header: written });
    } else {
      const field = byName.get(name);
      if (!field) {
        problems.push({
          path: `mapping.${name}`,
          message: `is not a field of this import; the fields are ${fields.map((f) => f.name).join(', ')}`,
        });
      } else plan.fields.push({ field, index, header: written });
    }
    headers.set(name, written);
  }
  for (const field of fields) {
    if (field.required && !mapped.has(field.name))
      problems.push({
        path: `mapping.${field.name}`,
        message: `is required: map a column to ${field.label}`,
      });
  }
  plan.headerOf = (field) => headers.get(field) ?? null;
  return { plan, problems };
}

/** Reads one record into a row; never throws for bad cells (they become problems). */
export function prepareRow(record: CsvRecord, plan: ColumnPlan, options: ValueOptions): PreparedRow {
  const row: PreparedRow = { line: record.line, values: {}, custom: {}, problems: [], notes: [] };
  if (record.strayQuoteField !== undefined) {
    row.problems.push({
      line: record.line,
      column: null,
      value: record.fields[record.strayQuoteField] ?? null,
      message: 'A quoted value has text after its closing quote; double any quote inside a value ("")',
    });
  }
  for (const { field, index, header } of plan.fields) {
    const raw = record.fields[index] ?? '';
    if (cleanCell(raw) === '') {
      if (field.required)
        row.problems.push({
          line: record.line,
          column: header,
          value: raw,
          message: `${field.label} is required`,
        });
      continue;
    }
    let parsed = readCell(field, raw, options);
    if (!parsed.ok && field.fallback !== undefined)
      parsed = {
        ok: true,
        value: field.fallback,
        note: `read "${cleanCell(raw)}" as "${field.fallback}" (${parsed.message})`,
      };
    if (!parsed.ok)
      row.problems.push({ line: record.line, column: header, value: raw, message: parsed.message });
    else {
      row.values[field.name] = parsed.value;
      if (parsed.note !== undefined)
        row.notes.push({ line: record.line, column: header, value: raw, message: `Note: ${parsed.note}` });
    }
  }
  for (const { definition, index, header } of plan.custom) {
    const raw = record.fields[index] ?? '';
    if (cleanCell(raw) === '') continue;
    const parsed = readCustom(definition, raw, options);
    if (!parsed.ok)
      row.problems.push({ line: record.line, column: header, value: raw, message: parsed.message });
    else row.custom[definition.key] = parsed.value;
  }
  return row;
}

/**
 * A cell by its field's kind. A member may be named by full name where a file has no emails (as many
 * exports do not): whether the person is in the organization is the writers' question.
 */
export function readCell(field: ImportField, raw: string, options: ValueOptions): Parsed<unknown> {
  if (field.kind === 'user_email') return emailOrName(raw);
  if (field.kind === 'user_emails') return parseEach(raw, emailOrName);
  return parseField(field, raw, options);
}

function emailOrName(raw: string): Parsed<string> {
  const text = cleanCell(raw);
  return text.includes('@') ? parseEmail(text) : { ok: true, value: text };
}

/** A custom field's cell: read by its type, then checked against its definition (choices, ranges). */
export function readCustom(
  definition: CustomFieldDefinition,
  raw: string,
  options: ValueOptions,
): Parsed<unknown> {
  let parsed: Parsed<unknown>;
  switch (definition.type) {
    case 'number':
      parsed = mapParsed(parseDecimal(raw, options), Number);
      break;
    case 'money':
      parsed = mapParsed(parseMoney(raw, options), (money) => Number(money.amount));
      break;
    case 'date':
      parsed = parseDate(raw, options);
      break;
    case 'boolean':
      parsed = parseBoolean(raw);
      break;
    case 'enum': {
      // Tolerant of case and typos ("GTXPro" reads as "GTX Pro", with a note), as built-in enums are.
      const options = definition.options ?? [];
      parsed = parseEnum(raw, options);
      // An option spelt another way ("GTXPro" for "GTX Pro") is worth telling: the file may hold both.
      const text = cleanCell(raw);
      if (parsed.ok && parsed.note === undefined && text.toLowerCase() !== String(parsed.value).toLowerCase())
        parsed = { ...parsed, note: `read "${text}" as "${String(parsed.value)}"` };
      break;
    }
    case 'multi_enum': {
      const options = definition.options ?? [];
      parsed = parseEach(raw, (item) => parseEnum(item, options));
      break;
    }
    case 'user':
      return { ok: false, message: 'user custom fields cannot be imported yet; leave this column unmapped' };
    default:
      parsed = { ok: true, value: raw.trim() };
  }
  if (!parsed.ok) return parsed;
  const checked = checkValue(definition, parsed.value);
  if (!checked.ok) return { ok: false, message: checked.message };
  return parsed.note === undefined
    ? { ok: true, value: checked.value }
    : { ok: true, value: checked.value, note: parsed.note };
}

function mapParsed<T, U>(parsed: Parsed<T>, map: (value: T) => U): Parsed<U> {
  return parsed.ok ? { ok: true, value: map(parsed.value) } : parsed;
}
