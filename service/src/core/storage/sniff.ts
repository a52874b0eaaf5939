/**
 * The content type of a file, from its bytes: what the client declares is never believed (a page
 * uploaded as "image/png" must not come back as HTML). Unknown binary content is application/octet-stream.
 */
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

export const OCTET_STREAM = 'application/octet-stream';
export const PLAIN_TEXT = 'text/plain; charset=utf-8';

/** How much of a file decides whether it is text. */
const TEXT_PROBE_BYTES = 8 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether a prefix of a file reads as UTF-8 text: no NUL, no other C0 control than tab, line feed,
 * carriage return and form feed, and valid UTF-8 (a prefix may cut the last character in two).
 */
export function looksLikeText(prefix: Uint8Array, complete: boolean): boolean {
  for (const byte of prefix) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
  }
  for (let cut = 0; cut <= (complete ? 0 : 3) && cut < prefix.length; cut++) {
    try {
      utf8.decode(prefix.subarray(0, prefix.length - cut));
      return true;
    } catch {
      // try again without the last bytes: they may be the start of a character cut by the probe
    }
  }
  return prefix.length === 0;
}

async function readPrefix(file: string): Promise<{ prefix: Uint8Array; complete: boolean }> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(TEXT_PROBE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return {
      prefix: buffer.subarray(0, Math.min(bytesRead, TEXT_PROBE_BYTES)),
      complete: bytesRead <= TEXT_PROBE_BYTES,
    };
  } finally {
    await handle.close();
  }
}

/** The MIME type of the file at `file`, judged by its content. */
export async function sniffContentType(file: string): Promise<string> {
  const detected = await fileTypeFromFile(file);
  if (detected) return detected.mime;
  const { prefix, complete } = await readPrefix(file);
  if (prefix.length > 0 && looksLikeText(prefix, complete)) return PLAIN_TEXT;
  return OCTET_STREAM;
}
