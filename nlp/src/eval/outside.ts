import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../parse.js';
import type { Intent, ParseContext } from '../types.js';
import { outsideDir } from './paths.js';

/** [text, intent] as CLINC150 stores it. */
type ClincRow = [string, string];

export interface OutsideSplit {
  /** CLINC150 or HWU64 intent -> utterances. */
  byIntent: Map<string, string[]>;
}

function group(rows: ClincRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [text, intent] of rows) out.set(intent, [...(out.get(intent) ?? []), text]);
  return out;
}

/** CLINC150 subset, one split ("train", "val", "test", "oos_test", ...). */
export function readClinc(split: string): OutsideSplit {
  const file = join(outsideDir, 'clinc150', 'clinc150_subset_calendar_reminder_todo_meeting.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ClincRow[]>;
  return { byIntent: group(data[split] ?? []) };
}

/** HWU64 KFold_1 annotated test utterances, by intent. */
export function readHwuTest(): OutsideSplit {
  const dir = join(outsideDir, 'hwu64-nlu-evaluation-data', 'KFold_1', 'testset-annotated');
  const byIntent = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      test_data_annotation: { text: string }[];
    };
    byIntent.set(
      file.replace(/\.json$/, ''),
      data.test_data_annotation.map((x) => x.text),
    );
  }
  return { byIntent };
}

/** How a batch of utterances came out: our intent (low confidence counted as unknown) -> count. */
export function distribution(texts: string[], context: ParseContext): Map<Intent, number> {
  const out = new Map<Intent, number>();
  for (const text of texts) {
    const first = parse(text, context).commands[0];
    const intent: Intent = !first || first.confidence < 0.5 ? 'unknown' : first.intent;
    out.set(intent, (out.get(intent) ?? 0) + 1);
  }
  return out;
}

/** Share of a distribution that fell on the given intents. */
export function shareOf(dist: Map<Intent, number>, intents: Intent[]): number {
  let hit = 0;
  let all = 0;
  for (const [intent, n] of dist) {
    all += n;
    if (intents.includes(intent)) hit += n;
  }
  return all === 0 ? 0 : hit / all;
}
