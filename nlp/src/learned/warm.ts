/**
 * `node --import tsx nlp/src/learned/warm.ts`: trains the learned classifier into the on-disk cache
 * (`cache.ts`) unless it is there already. The test run's global setup calls it once, so the test files
 * that parse read one model instead of each worker training its own.
 */
import { warmUp } from '../parse.js';

warmUp();
