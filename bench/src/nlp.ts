/**
 * NLP benchmark: messages parsed per second on one core for a realistic mix (the corpus utterances),
 * p99 latency per message, and compromise tagging alone on the same messages as the baseline.
 * Run: node --import tsx bench/src/nlp.ts (build nlp first: npx tsc -b nlp); NLP_BENCH_MESSAGES=<file.jsonl>
 * reads that message set instead of the corpus's train and dev.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type ParseContext } from '@closer/nlp';
import nlp from 'compromise';

interface Line {
  text: string;
}

const corpus = fileURLToPath(new URL('../../nlp/corpus/', import.meta.url));
const context = JSON.parse(readFileSync(`${corpus}context.json`, 'utf8')) as ParseContext;
// NLP_BENCH_MESSAGES=<file.jsonl>: one fixed message set, to compare two trees on the same messages.
const sources = process.env.NLP_BENCH_MESSAGES
  ? [process.env.NLP_BENCH_MESSAGES]
  : ['train.jsonl', 'dev.jsonl'].map((f) => corpus + f);
const messages = sources.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as Line).text),
);

function timeEach(
  run: (text: string) => void,
  rounds: number,
): { perSecond: number; p99: number; p50: number } {
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const text of messages) {
      const t0 = process.hrtime.bigint();
      run(text);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  samples.sort((a, b) => a - b);
  const at = (q: number): number =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { perSecond: samples.length / seconds, p99: at(0.99), p50: at(0.5) };
}

const tagOnly = (text: string): void => {
  const doc = nlp(text);
  doc.people().out('array');
  doc.organizations().out('array');
};

// Warm up both paths so the JIT and the name index are in the steady state a running bot sees.
timeEach((t) => parse(t, context), 3);
timeEach(tagOnly, 3);

const rounds = Number(process.env.ROUNDS ?? 10);
const full = timeEach((t) => parse(t, context), rounds);
const baseline = timeEach(tagOnly, rounds);

console.log(`nlp bench: ${messages.length} messages x ${rounds} rounds, one core`);
console.log(
  `parse():            ${full.perSecond.toFixed(0)} msg/s   p50 ${full.p50.toFixed(3)} ms   p99 ${full.p99.toFixed(3)} ms`,
);
console.log(
  `compromise tagging: ${baseline.perSecond.toFixed(0)} msg/s   p50 ${baseline.p50.toFixed(3)} ms   p99 ${baseline.p99.toFixed(3)} ms`,
);
console.log(`ratio parse / compromise-only throughput: ${(full.perSecond / baseline.perSecond).toFixed(2)}x`);
console.log(
  `targets: >= 1000 msg/s ${full.perSecond >= 1000 ? 'met' : 'MISSED'}, p99 < 5 ms ${full.p99 < 5 ? 'met' : 'MISSED'}`,
);
