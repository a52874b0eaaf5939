import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../parse.js';
import { contextFor, readCorpus } from './corpus.js';
import { emptyReport, scoreItem } from './metrics.js';
import { corpusDir } from './paths.js';
import { summary } from './report.js';
import { corpusContext } from './run.js';

describe('dev corpus regression guard', () => {
  const file = join(corpusDir, 'dev.jsonl');
  const run = existsSync(file) ? it : it.skip;

  run('keeps intent accuracy on the held-out dev split at or above the floor', () => {
    const base = corpusContext();
    const report = emptyReport();
    for (const item of readCorpus(file))
      scoreItem(item, parse(item.text, contextFor(item, base)).commands, report);
    expect(report.items.length).toBeGreaterThan(150);
    expect(summary(report).intent).toBeGreaterThanOrEqual(FLOOR);
  });
});

/** The floor the dev split must not drop below: the 95% target (measured 99.4% on 320 items in pass 3). */
const FLOOR = 0.95;
