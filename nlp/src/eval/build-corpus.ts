import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCorpusSource } from './corpus.js';
import { corpusDir } from './paths.js';

// Turns the readable corpus sources (corpus/src/<split>.txt) into the JSONL files the eval reads.
// train-extra.txt: messages of the kinds issue 15 named (modifiers, missing verbs, shorthand, emoji,
// questions of every kind, polite requests, out-of-scope lines), written without seeing the dev or
// holdout sets or the parser.
// fresh-*.txt: hurried Slack/Teams messages written this session by helpers given only the labelling
// contract (never the corpus, the holdout or the parser): a working set to read failures on.
const SOURCES: Record<string, string[]> = {
  train: ['train.txt', 'train-extra.txt'],
  dev: ['dev.txt'],
  fresh: ['fresh-b.txt'],
  freshd: ['fresh-d.txt'],
  fresha: ['fresh-a.txt'],
  freshc: ['fresh-c.txt'],
};
for (const [split, files] of Object.entries(SOURCES)) {
  const items = files.flatMap((file) =>
    parseCorpusSource(readFileSync(join(corpusDir, 'src', file), 'utf8')),
  );
  writeFileSync(join(corpusDir, `${split}.jsonl`), items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  console.log(`${split}: ${items.length} utterances`);
}
