/**
 * Where document contents live: content-addressed by SHA-256, so the same bytes are stored once however
 * many documents, versions or organizations hold them. Metadata (who may see what) stays in the database;
 * this interface only keeps bytes, and a hash says nothing about whose they are.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface ContentStorage {
  /**
   * Keeps the file at `tempPath` (hashed to `sha256` as it arrived) under its hash; the temporary file
   * may be moved away. Returns whether the content was new.
   */
  put(tempPath: string, sha256: string): Promise<{ created: boolean }>;
  /** The content, opened (a missing one fails here, before any response is started). */
  open(sha256: string): Promise<Readable>;
  /** Deletes the content (the purge, once no version refers to it). */
  remove(sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

function checked(sha256: string): string {
  if (!SHA256.test(sha256)) throw new TypeError('a content hash is 64 lower-case hex digits');
  return sha256;
}

/** Contents on disk at `<root>/<first two hex digits>/<sha256>`. */
export function diskStorage(root: string): ContentStorage {
  const pathOf = (sha256: string) => path.join(root, checked(sha256).slice(0, 2), sha256);
  const exists = async (file: string) => (await stat(file).catch(() => undefined))?.isFile() === true;
  return {
    async put(tempPath, sha256) {
      const target = pathOf(sha256);
      if (await exists(target)) return { created: false };
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(tempPath, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        // Another file system: copy beside the target, then move it into place in one step.
        const beside = `${target}.${process.pid}.${Date.now()}.partial`;
        await copyFile(tempPath, beside, constants.COPYFILE_EXCL);
        await rename(beside, target);
      }
      return { created: true };
    },
    async open(sha256) {
      const handle = await open(pathOf(sha256), 'r');
      return handle.createReadStream();
    },
    async remove(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
  };
}

/** The storage of document contents for a data directory: `<dataDir>/documents`. */
export function documentStorage(dataDir: string): ContentStorage {
  return diskStorage(path.join(dataDir, 'documents'));
}

/** Where uploads wait while they arrive: inside the data directory, so storing one is a rename. */
export function uploadTempDir(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'uploads');
}
