import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { recordAudit } from '../../core/audit/audit.js';
import { CsvFileError, openCsvFile } from '../../core/csv/csv-stream.js';
import type { Database } from '../../core/db/database.js';
import { newId } from '../../core/db/columns.js';
import { AppError } from '../../core/errors/app-error.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import type { UploadedFile } from '../../core/http/upload.js';
import { inTenant } from '../../core/context/unit-of-work.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { QUEUES } from '../../core/jobs/job-queue.js';
import type { CommandInput, Services } from '../../core/module/module.js';
import * as customFieldsRepo from '../custom-fields/custom-fields.repo.js';
import { IMPORT_FIELDS } from './import-fields.js';
import { suggestMapping } from './import-presets.js';
import { planColumns } from './import-rows.js';
import { CUSTOM_FIELD_OBJECTS, importFilePath } from './import-runner.js';
import { assertMayImport } from './imports.policy.js';
import * as repo from './imports.repo.js';
import type { CreateImportInput, ImportMappingInput } from './imports.schema.js';
import type { Import, ImportOptions, ImportStatus, ImportType } from './imports.tables.js';

type Command = CommandInput;

export async function visibleImport(
  tx: CommandInput['tx'],
  actor: TenantActor,
  id: string,
  forUpdate = false,
) {
  const row = await repo.findVisible(tx, actor, id, { forUpdate });
  if (!row) throw AppError.notFound('Import');
  return row;
}

/** Headers and a few rows of a file, read before any transaction (a file the reader refuses is a 422). */
export async function readFileStart(file: string, rows = 5) {
  try {
    const csv = await openCsvFile(file);
    try {
      const sample: { line: number; values: string[] }[] = [];
      for await (const batch of csv.batches(rows)) {
        sample.push(...batch.map((record) => ({ line: record.line, values: record.fields })));
        break;
      }
      return { encoding: csv.encoding, delimiter: csv.delimiter, headers: csv.header.fields, sample };
    } finally {
      await csv.close();
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    const where = error.line > 0 ? `line ${error.line}: ` : '';
    throw AppError.validation([{ path: 'body.file', message: `${where}${error.message}` }]);
  }
}

async function customFieldChoices(tx: Command['tx'], type: ImportType) {
  const object = CUSTOM_FIELD_OBJECTS[type];
  return object ? customFieldsRepo.listDefinitions(tx, object) : [];
}

/** What `POST /imports/preview` answers: the file's shape, sample rows and the suggested mapping. */
export async function previewImport({
  actor,
  tx,
  type,
  start,
}: Command & { type: ImportType; start: Awaited<ReturnType<typeof readFileStart>> }) {
  assertMayImport(actor, type);
  const definitions = await customFieldChoices(tx, type);
  const suggestion = suggestMapping(
    type,
    start.headers,
    definitions.map((definition) => ({ key: definition.key, label: definition.label })),
  );
  return {
    encoding: start.encoding,
    delimiter: start.delimiter,
    headers: start.headers,
    sampleRows: start.sample,
    suggestedMapping: suggestion.mapping,
    preset: suggestion.preset,
    unmappedHeaders: suggestion.unmapped,
    fields: [
      ...IMPORT_FIELDS[type].map((field) => ({
        name: field.name,
        label: field.label,
        kind: field.kind,
        required: field.required ?? false,
        ...(field.choices ? { choices: [...field.choices] } : {}),
      })),
      ...definitions.map((definition) => ({
        name: `custom.${definition.key}`,
        label: definition.label,
        kind: `custom:${definition.type}`,
        required: false,
      })),
    ],
  };
}

const DEFAULT_OPTIONS: ImportOptions = {
  dateOrder: 'ymd',
  decimalSeparator: '.',
  duplicateKeys: [],
  defaultCurrency: null,
  pipeline: null,
};

/**
 * Creates an import from an uploaded file: the mapping (given, saved, or suggested) is checked against
 * the file's header now, the file moves to where the job reads it, and the job is enqueued in the same
 * transaction as the import.
 */
export async function createImport({
  actor,
  tx,
  services,
  file,
  start,
  input,
}: Command & {
  services: Services;
  file: UploadedFile;
  start: Awaited<ReturnType<typeof readFileStart>>;
  input: CreateImportInput;
}): Promise<Import> {
  assertMayImport(actor, input.type);
  const definitions = await customFieldChoices(tx, input.type);
  let mapping = input.mapping;
  let saved: Partial<ImportOptions> = {};
  if (!mapping && input.mappingId) {
    const found = await repo.findMapping(tx, input.mappingId);
    if (!found || found.type !== input.type)
      throw AppError.validation([
        { path: 'body.mappingId', message: `no saved ${input.type} mapping has this id` },
      ]);
    mapping = found.mapping;
    saved = found.options;
  }
  mapping ??= suggestMapping(
    input.type,
    start.headers,
    definitions.map((definition) => ({ key: definition.key, label: definition.label })),
  ).mapping;
  const { problems } = planColumns(IMPORT_FIELDS[input.type], definitions, mapping, start.headers);
  if (problems.length) throw AppError.validation(problems.map((p) => ({ ...p, path: `body.${p.path}` })));
  const options: ImportOptions = {
    ...DEFAULT_OPTIONS,
    ...saved,
    ...definedOnly({
      dateOrder: input.dateOrder,
      decimalSeparator: input.decimalSeparator,
      duplicateKeys: input.duplicateKeys,
      defaultCurrency: input.defaultCurrency,
      pipeline: input.pipeline,
    }),
  };
  const id = newId();
  const target = importFilePath(services.config.dataDir, actor.tenantId, id);
  await mkdir(path.dirname(target), { recursive: true });
  await rename(file.path, target);
  try {
    const created = await repo.insertImport(tx, {
      tenantId: actor.tenantId,
      id,
      type: input.type,
      dryRun: input.dryRun ?? false,
      duplicatePolicy: input.duplicatePolicy ?? 'skip',
      mapping,
      options,
      fileName: file.fileName,
      fileSize: file.size,
      sha256: file.sha256,
      encoding: start.encoding,
      delimiter: start.delimiter,
      createdBy: actor.userId,
    });
    await services.queue.sendInTransaction(tx, QUEUES.runImport, { tenantId: actor.tenantId, importId: id });
    return created;
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export async function listImports({
  actor,
  tx,
  cursor,
  ...filter
}: Command & Omit<repo.ImportFilter, 'after'> & { cursor?: string | undefined }) {
  const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
  const rows = await repo.listVisible(tx, actor, { ...filter, after });
  return pageFrom(rows, filter.limit, (row) => [row.createdAt.toISOString(), row.id]);
}

const CANCELLABLE: ReadonlySet<ImportStatus> = new Set(['queued', 'running']);

/** Asks a queued or running import to stop after its current batch (batches already written stay). */
export async function cancelImport({ actor, tx, importId }: Command & { importId: string }): Promise<Import> {
  const job = await visibleImport(tx, actor, importId, true);
  if (!CANCELLABLE.has(job.status))
    throw new AppError('import_finished', { message: `The import is ${job.status}` });
  if (job.status === 'queued')
    return repo.updateImport(tx, job.id, {
      status: 'cancelled',
      cancelRequested: true,
      finishedAt: new Date(),
    });
  return repo.updateImport(tx, job.id, { cancelRequested: true });
}

const UNDOABLE: ReadonlySet<ImportStatus> = new Set(['completed', 'cancelled', 'failed']);

/** Undoes an import as a whole, as a job: what it created goes to the trash, what it updated is restored. */
export async function undoImport({
  actor,
  tx,
  services,
  importId,
}: Command & { services: Services; importId: string }): Promise<Import> {
  const job = await visibleImport(tx, actor, importId, true);
  const refusal = !UNDOABLE.has(job.status)
    ? `The import is ${job.status}`
    : job.dryRun
      ? 'A dry run wrote nothing'
      : job.type === 'users'
        ? 'A user import sends invitations; revoke them in the invitations list'
        : null;
  if (refusal) throw new AppError('import_not_undoable', { message: refusal });
  const updated = await repo.updateImport(tx, job.id, { status: 'undoing' });
  await services.queue.sendInTransaction(tx, QUEUES.undoImport, {
    tenantId: actor.tenantId,
    importId: job.id,
  });
  return updated;
}

/** The error report as CSV (line, column, value, message), read page by page as it is sent. */
export function errorReport(db: Database, actor: TenantActor, job: Import): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield '\ufeffline,column,value,message\r\n';
    let afterSeq = -1;
    for (;;) {
      const page = await inTenant(db, actor, (tx) => repo.errorPage(tx, job.id, afterSeq, 2_000), {
        readOnly: true,
      });
      if (!page.length) return;
      afterSeq = page.at(-1)!.seq;
      yield page
        .map(
          (row) =>
            [String(row.line), row.column ?? '', row.value ?? '', row.message].map(csvCell).join(',') +
            '\r\n',
        )
        .join('');
    }
  }
  return Readable.from(lines());
}

/** One CSV cell, quoted when needed, with formulas neutralised (a spreadsheet must not run a value). */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function listMappings({ actor, tx, type }: Command & { type?: ImportType | undefined }) {
  void actor;
  return repo.listMappings(tx, type);
}

/** Saves a mapping for reuse; saving one with the same name and type replaces it. */
export async function saveMapping({ actor, tx, ...input }: Command & ImportMappingInput) {
  assertMayImport(actor, input.type);
  const definitions = await customFieldChoices(tx, input.type);
  const fields = new Set([
    ...IMPORT_FIELDS[input.type].map((f) => f.name),
    ...definitions.map((d) => `custom.${d.key}`),
  ]);
  const unknown = Object.keys(input.mapping).filter((name) => !fields.has(name));
  if (unknown.length)
    throw AppError.validation(
      unknown.map((name) => ({
        path: `body.mapping.${name}`,
        message: `is not a field of ${input.type} imports`,
      })),
    );
  const existing = await repo.findMappingByName(tx, input.type, input.name);
  const values = { name: input.name, type: input.type, mapping: input.mapping, options: input.options ?? {} };
  const saved = existing
    ? await repo.updateMapping(tx, existing.id, values)
    : await repo.insertMapping(tx, { ...values, tenantId: actor.tenantId, createdBy: actor.userId });
  await recordAudit(tx, actor.tenantId, {
    action: existing ? 'import_mapping.updated' : 'import_mapping.created',
    entityType: 'import_mapping',
    entityId: saved.id,
    before: existing ?? null,
    after: saved,
  });
  return { mapping: saved, created: !existing };
}

export async function deleteMapping({
  actor,
  tx,
  mappingId,
}: Command & { mappingId: string }): Promise<void> {
  const existing = await repo.findMapping(tx, mappingId);
  if (!existing) throw AppError.notFound('Import mapping');
  await repo.deleteMapping(tx, mappingId);
  await recordAudit(tx, actor.tenantId, {
    action: 'import_mapping.deleted',
    entityType: 'import_mapping',
    entityId: mappingId,
    before: existing,
  });
}
