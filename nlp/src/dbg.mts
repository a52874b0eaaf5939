import { readFileSync } from 'node:fs';
import { english } from './lexicon/index.ts';
import { normalize } from './text/normalize.ts';
import { findSpans, maskRange } from './spans.ts';
import { resolveContext } from './context.ts';
import { corpusContext } from './eval/run.ts';
import { classifyByRules, classify } from './intents.ts';
const ctx = resolveContext(corpusContext());
for (const line of readFileSync(0, 'utf8')
  .split('\n')
  .filter((l) => l.trim())) {
  const msg = normalize(line, english, ctx.users);
  const spans = findSpans(msg, ctx, english);
  const masked = maskRange(msg.text, spans, { start: 0, end: msg.text.length });
  console.log('>', line, '|', masked);
  for (const p of english.intents)
    if (p.re.test(masked)) console.log('   ', p.intent, p.w, p.re.source.slice(0, 140));
  console.log(
    '  rules',
    JSON.stringify(classifyByRules(masked, english)),
    '\n  both',
    JSON.stringify(classify(masked, english)),
  );
}
