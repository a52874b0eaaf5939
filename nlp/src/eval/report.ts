import { prf, type ItemScore, type Report } from './metrics.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Headline figures for a scored corpus. */
export function summary(report: Report): {
  intent: number;
  exact: number;
  multi: number;
  multiCount: number;
} {
  const items = report.items;
  const multi = items.filter((s) => s.item.expected.length > 1);
  const share = (list: ItemScore[], ok: (s: ItemScore) => boolean): number =>
    list.length === 0 ? 1 : list.filter(ok).length / list.length;
  return {
    intent: share(items, (s) => s.intentOk),
    exact: share(items, (s) => s.exact),
    multi: share(multi, (s) => s.exact),
    multiCount: multi.length,
  };
}

/** Print the headline figures and the per-entity table. */
export function printReport(name: string, report: Report): void {
  const s = summary(report);
  const cmd = report.commandIntent;
  console.log(`\n== ${name}: ${report.items.length} utterances`);
  console.log(`intent accuracy (utterance, all intents in order): ${pct(s.intent)}`);
  console.log(
    `intent accuracy (per expected command):            ${pct(cmd.correct / Math.max(1, cmd.total))}`,
  );
  console.log(`exact-command accuracy:                            ${pct(s.exact)}`);
  console.log(`multi-clause exact-match (${s.multiCount} utterances):         ${pct(s.multi)}`);
  console.log('\nentity            P       R       F1     (tp/fp/fn)');
  const keys = [...report.entities.keys()].sort();
  for (const key of keys) {
    const c = report.entities.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    const m = prf(c);
    console.log(
      `${key.padEnd(16)} ${pct(m.p).padStart(7)} ${pct(m.r).padStart(7)} ${pct(m.f1).padStart(7)}   (${c.tp}/${c.fp}/${c.fn})`,
    );
  }
}

function describe(s: ItemScore): string {
  const want = s.item.expected.map((e) => `${e.intent} ${JSON.stringify(e.entities)}`).join(' | ');
  const got = s.predicted
    .map((c) => `${c.intent}(${c.confidence}) ${JSON.stringify(c.entities)}`)
    .join(' | ');
  const errors = s.entityErrors.length > 0 ? `\n    errors: ${s.entityErrors.join('; ')}` : '';
  return `  "${s.item.text}"\n    want: ${want}\n    got:  ${got}${errors}`;
}

/** The worst cases: wrong intents first, then the most entity errors. */
export function printConfusions(report: Report, limit: number): void {
  const bad = report.items
    .filter((s) => !s.exact)
    .sort((a, b) => Number(a.intentOk) - Number(b.intentOk) || b.entityErrors.length - a.entityErrors.length);
  console.log(`\nworst cases (${bad.length} not exact, showing ${Math.min(limit, bad.length)}):`);
  for (const s of bad.slice(0, limit)) console.log(describe(s));
  const pairs = new Map<string, number>();
  for (const s of report.items.filter((x) => !x.intentOk)) {
    const key = `${s.item.expected.map((e) => e.intent).join('+')} -> ${s.predicted.map((c) => c.intent).join('+')}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  console.log('\nintent confusions (expected -> predicted: count):');
  for (const [k, n] of [...pairs].sort((a, b) => b[1] - a[1])) console.log(`  ${k}: ${n}`);
}
