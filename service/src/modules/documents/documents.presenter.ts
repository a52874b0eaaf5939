import type { Document, DocumentVersion } from './documents.tables.js';

export function presentVersion(version: DocumentVersion) {
  return {
    number: version.number,
    fileName: version.fileName,
    contentType: version.contentType,
    size: version.size,
    sha256: version.contentHash,
    uploadedBy: version.uploadedBy,
    uploadedAt: version.createdAt.toISOString(),
  };
}

export function presentDocument({ document, versions }: { document: Document; versions: DocumentVersion[] }) {
  return {
    id: document.id,
    parentType: document.parentType,
    parentId: document.parentId,
    name: document.name,
    currentVersion: document.currentVersion,
    versions: versions.map(presentVersion),
    createdBy: document.createdBy,
    version: document.version,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}
export type DocumentView = ReturnType<typeof presentDocument>;

/** RFC 8187 (`filename*`): percent-encoded UTF-8, with the characters RFC 5987 leaves out encoded too. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The headers of a download: always an attachment (never shown inline, whatever the content), the type
 * read from the bytes at upload, and `nosniff` so no browser guesses another one.
 */
export function downloadHeaders(version: DocumentVersion): Record<string, string> {
  const asciiName = version.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'Content-Type': version.contentType,
    'Content-Length': String(version.size),
    'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeExtValue(version.fileName)}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
}
