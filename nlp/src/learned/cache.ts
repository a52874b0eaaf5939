/**
 * The trained classifier kept on disk between processes, so a service starts and a test file parses
 * without training it again (training segments the whole corpus through the rules: seconds, and many
 * more under a test runner). The key is a hash of everything that shapes the model: the parser's own
 * code (its rules and lexicon), the lexicon it was given and the training corpus. Any change to them is a
 * new key, so a stale model is never read; a cache that cannot be read or written is trained around.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntentModel } from './model.js';

const packageCode = fileURLToPath(new URL('..', import.meta.url));
const corpusDir = fileURLToPath(new URL('../../corpus', import.meta.url));

/** The directory the models live in: `CLOSER_NLP_CACHE`, or one under the system's temporary directory. */
const cacheDir = () => process.env.CLOSER_NLP_CACHE ?? join(tmpdir(), 'closer-nlp-cache');

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'eval' ? [] : codeFiles(path);
      return /\.(?:ts|js)$/.test(entry.name) && !/\.(?:test|d)\.ts$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

/** The key of the model `lexicon` trains to with this code and corpus. */
export function modelKey(lexicon: unknown): string {
  const hash = createHash('sha256');
  for (const file of codeFiles(packageCode))
    hash.update(file.slice(packageCode.length)).update(readFileSync(file));
  for (const file of ['train.jsonl', 'context.json']) hash.update(readFileSync(join(corpusDir, file)));
  hash.update(JSON.stringify(lexicon));
  return hash.digest('hex').slice(0, 32);
}

/**
 * The cached model for `key`, or `train()`'s, which is then cached (written whole, then renamed into place).
 * `CLOSER_NLP_MODEL` names a model file to use whatever the key: to judge a change of the rules with the
 * model before it (a retrained model moves a few lines on its own; see corpus/README.md).
 */
export function cachedModel(key: string, train: () => IntentModel): IntentModel {
  const pinned = process.env.CLOSER_NLP_MODEL;
  if (pinned) return IntentModel.fromBytes(readFileSync(pinned));
  const path = join(cacheDir(), `intent-model-${key}.bin`);
  try {
    return IntentModel.fromBytes(readFileSync(path));
  } catch {
    // Not cached yet, or unreadable: train.
  }
  const model = train();
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, model.toBytes());
    renameSync(partial, path);
  } catch {
    // A read-only or full disk costs the next process a training, nothing more.
  }
  return model;
}
