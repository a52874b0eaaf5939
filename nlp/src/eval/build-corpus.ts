import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCorpusSource } from './corpus.js';
import { corpusDir } from './paths.js';

// Turns the readable corpus sources (corpus/src/<split>.txt) into the JSONL files the eval reads.
for (const split of ['train', 'dev']) {
  const items = parseCorpusSource(readFileSync(join(corpusDir, 'src', `${split}.txt`), 'utf8'));
  writeFileSync(join(corpusDir, `${split}.jsonl`), items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  console.log(`${split}: ${items.length} utterances`);
}
