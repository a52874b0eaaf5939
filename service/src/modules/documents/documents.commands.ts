import type { Readable } from 'node:stream';
import { recordAudit } from '../../core/audit/audit.js';
import type { Tx } from '../../core/db/database.js';
import { AppError } from '../../core/errors/app-error.js';
import { emitEvent } from '../../core/events/events.js';
import { decodeCursor, pageFrom } from '../../core/http/cursor.js';
import type { UploadedFile } from '../../core/http/upload.js';
import type { TenantActor } from '../../core/identity/actor.js';
import { holdsAny } from '../../core/identity/actor.js';
import type { CommandInput } from '../../core/module/module.js';
import { sniffContentType } from '../../core/storage/sniff.js';
import type { ContentStorage } from '../../core/storage/storage.js';
import { assertMayWorkOn, WORK_ON_PARENT } from './documents.policy.js';
import * as repo from './documents.repo.js';
import type { Document, DocumentParentType, DocumentVersion } from './documents.tables.js';

type Command = CommandInput;

/** A document with its versions (newest first): what the document commands return. */
export interface DocumentWithVersions {
  document: Document;
  versions: DocumentVersion[];
}

interface Parent {
  parentType: DocumentParentType;
  parentId: string;
}

const PARENT_NAMES: Record<DocumentParentType, string> = {
  customer: 'Customer',
  contact: 'Contact',
  opportunity: 'Opportunity',
  interaction: 'Interaction',
  task: 'Task',
};

/** 403 without the work on that kind of record; 404 when the record is not one the actor may see. */
async function assertParentVisible(tx: Tx, actor: TenantActor, parent: Parent): Promise<void> {
  assertMayWorkOn(actor, parent.parentType);
  if (!(await repo.isParentVisible(tx, actor, parent)))
    throw AppError.notFound(PARENT_NAMES[parent.parentType]);
}

/**
 * A document the actor may see: not in the trash, on a record they may see and whose kind they work
 * on. Anything else is the same 404 as a document that does not exist.
 */
async function visibleDocument(tx: Tx, actor: TenantActor, documentId: string): Promise<Document> {
  const document = await repo.findDocument(tx, documentId);
  const visible =
    document &&
    holdsAny(actor, WORK_ON_PARENT[document.parentType]) &&
    (await repo.isParentVisible(tx, actor, document));
  if (!visible) throw AppError.notFound('Document');
  return document;
}

async function withVersions(tx: Tx, document: Document): Promise<DocumentWithVersions> {
  return { document, versions: (await repo.versionsOf(tx, [document.id])).get(document.id) ?? [] };
}

/** Makes `documentId` (a document of the same record) one version newer; 422 when it is not one. */
async function nextVersionOf(tx: Tx, input: Parent & { documentId: string; name: string }) {
  const before = await repo.findDocument(tx, input.documentId);
  const ofParent = before?.parentType === input.parentType && before.parentId === input.parentId;
  const document = ofParent
    ? await repo.nextVersion(tx, { id: input.documentId, name: input.name })
    : undefined;
  if (!before || !document) {
    throw AppError.validation([{ path: 'body.documentId', message: 'is not a document of this record' }]);
  }
  return { before, document };
}

/**
 * Stores an uploaded file as a new document of a record, or as the next version of one of its
 * documents (`documentId`). The content type is read from the bytes; the content is kept once per hash.
 */
export async function uploadDocument({
  actor,
  tx,
  storage,
  file,
  documentId,
  ...parent
}: Command &
  Parent & {
    storage: ContentStorage;
    file: UploadedFile;
    documentId?: string | undefined;
  }): Promise<DocumentWithVersions> {
  await assertParentVisible(tx, actor, parent);
  const contentType = await sniffContentType(file.path);
  const { before, document } = documentId
    ? await nextVersionOf(tx, { ...parent, documentId, name: file.fileName })
    : {
        before: null,
        document: await repo.insertDocument(tx, {
          tenantId: actor.tenantId,
          ...parent,
          name: file.fileName,
          createdBy: actor.userId,
        }),
      };
  // Before the version row: a committed version always has its content. A rollback after this leaves
  // content no version refers to, which the purge removes; it is never shown to anyone.
  await storage.put(file.path, file.sha256);
  const version = await repo.insertVersion(tx, {
    tenantId: actor.tenantId,
    documentId: document.id,
    number: document.currentVersion,
    contentHash: file.sha256,
    size: file.size,
    contentType,
    fileName: file.fileName,
    uploadedBy: actor.userId,
  });
  await recordAudit(tx, actor.tenantId, {
    action: 'document.uploaded',
    entityType: 'document',
    entityId: document.id,
    before,
    after: { ...document, uploaded: version },
  });
  await emitEvent(tx, actor.tenantId, {
    name: 'document.uploaded',
    stream: { type: 'document', id: document.id },
    payload: {
      documentId: document.id,
      ...parent,
      version: version.number,
      fileName: version.fileName,
      contentType,
      size: version.size,
    },
  });
  return withVersions(tx, document);
}

/** The documents of a record the actor may see, newest first, with their versions. */
export async function listDocuments({
  actor,
  tx,
  limit,
  cursor,
  ...parent
}: Command & Parent & { limit: number; cursor?: string | undefined }) {
  await assertParentVisible(tx, actor, parent);
  const afterId = cursor ? decodeCursor(cursor, 1)[0] : undefined;
  if (afterId !== undefined && typeof afterId !== 'string') {
    throw AppError.validation([{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
  }
  const rows = await repo.listDocuments(tx, { ...parent, limit, afterId });
  const page = pageFrom(rows, limit, (document) => [document.id]);
  const versions = await repo.versionsOf(
    tx,
    page.items.map((document) => document.id),
  );
  return {
    items: page.items.map((document) => ({ document, versions: versions.get(document.id) ?? [] })),
    nextCursor: page.nextCursor,
  };
}

/** A version's content (the current one unless `version` is given), opened for streaming. */
export async function openDocumentContent({
  actor,
  tx,
  storage,
  documentId,
  version,
}: Command & { storage: ContentStorage; documentId: string; version?: number | undefined }): Promise<{
  version: DocumentVersion;
  content: Readable;
}> {
  const document = await visibleDocument(tx, actor, documentId);
  const found = await repo.findVersion(tx, document.id, version ?? document.currentVersion);
  if (!found) throw AppError.notFound('Document version');
  return { version: found, content: await storage.open(found.contentHash) };
}

/** Puts a document in the trash; its contents stay until the purge. */
export async function deleteDocument({
  actor,
  tx,
  documentId,
}: Command & { documentId: string }): Promise<void> {
  const before = await visibleDocument(tx, actor, documentId);
  const after = await repo.softDeleteDocument(tx, { id: documentId, deletedBy: actor.userId });
  if (!after) throw AppError.notFound('Document');
  await recordAudit(tx, actor.tenantId, {
    action: 'document.deleted',
    entityType: 'document',
    entityId: documentId,
    before,
    after,
  });
  await emitEvent(tx, actor.tenantId, {
    name: 'document.deleted',
    stream: { type: 'document', id: documentId },
    payload: { documentId, parentType: before.parentType, parentId: before.parentId },
  });
}
