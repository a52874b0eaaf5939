import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** nlp/corpus, found from this file so the eval runs from any working directory. */
export const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));

/** ../shared/testdata/nl-commands beside the repository (CLINC150 and HWU64 subsets). */
export const outsideDir = fileURLToPath(new URL('../../../../shared/testdata/nl-commands/', import.meta.url));

/** True when the shared test data is checked out next to the repository. */
export function hasOutsideData(): boolean {
  return existsSync(outsideDir);
}
