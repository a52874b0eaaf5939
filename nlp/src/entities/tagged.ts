import nlp from 'compromise';
import type { CompiledLexicon } from '../lexicon/index.js';
import type { NameKind, NameMatch } from './known.js';

interface Offset {
  start: number;
  length: number;
}

interface TaggedTerm {
  text: string;
  offset?: Offset;
}

const CAPITALISED = /(?<![.!?]\s|^)\b\p{Lu}[\p{L}'-]+/gu;

function overlaps(a: { start: number; end: number }, taken: { start: number; end: number }[]): boolean {
  return taken.some((t) => a.start < t.end && t.start < a.end);
}

function clean(text: string, start: number): { text: string; start: number; end: number } {
  const trimmed = text.replace(/^[\s"'(]+/, '');
  const lead = text.length - trimmed.length;
  const body = trimmed.replace(/(?:['\u2019]s)?[\s,.;:!?"')]+$/, '').replace(/['\u2019]s$/, '');
  return { text: body, start: start + lead, end: start + lead + body.length };
}

function plausible(text: string, lex: CompiledLexicon, loose = false): boolean {
  const words = text.toLowerCase().split(/\s+/);
  if (words.length === 0 || text.length < 2) return false;
  if (words.every((w) => lex.notNames.has(w))) return false;
  // A capitalised pair right before "at <Org>" ("Grace Kim at ...") is a name even if "grace" is a word.
  return !/\d/.test(text) && (loose || !lex.notNames.has(words[0] ?? ''));
}

/**
 * True when the text has a capitalised or cued word that known names and the lexicon's never-names (days,
 * months, "SOW") do not explain; otherwise compromise, the costliest step, is skipped.
 */
function worthTagging(text: string, taken: { start: number; end: number }[], lex: CompiledLexicon): boolean {
  const { cue, lowerOrg, orgBeforeDeal } = lex.tagging;
  const deal = orgBeforeDeal.exec(text);
  if (deal?.[1]) {
    const found = clean(deal[1], deal.index + deal[0].indexOf(deal[1]));
    if (plausible(found.text, lex) && !overlaps(found, taken)) return true;
  }
  for (const re of [CAPITALISED, cue, lowerOrg]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m[1] ?? m[0];
      const found = clean(name, m.index + m[0].length - name.length);
      if (plausible(found.text, lex) && !overlaps(found, taken)) return true;
    }
  }
  return false;
}

function push(out: NameMatch[], kind: NameKind, found: { text: string; start: number; end: number }): void {
  out.push({ ...found, known: false, candidates: [{ kind, name: found.text, score: 0.6 }] });
}

function fromTerms(
  terms: TaggedTerm[],
  kind: NameKind,
  ctx: { out: NameMatch[]; taken: NameMatch[]; lex: CompiledLexicon },
): void {
  for (const term of terms) {
    if (!term.offset) continue;
    const found = clean(term.text, term.offset.start);
    if (!plausible(found.text, ctx.lex) || overlaps(found, [...ctx.taken, ...ctx.out])) continue;
    push(ctx.out, kind, found);
  }
}

/** Every match of a global pattern's first group (or whole match), as a span of the text. */
function groupSpans(re: RegExp, text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1] ?? m[0];
    out.push(clean(name, m.index + m[0].indexOf(name)));
  }
  return out;
}

function addAll(
  found: { text: string; start: number; end: number }[],
  kind: NameKind,
  ctx: { out: NameMatch[]; taken: NameMatch[]; lex: CompiledLexicon },
  loose = false,
): void {
  for (const f of found) {
    if (plausible(f.text, ctx.lex, loose) && !overlaps(f, [...ctx.taken, ...ctx.out])) push(ctx.out, kind, f);
  }
}

/**
 * Names the tenant has not told us about, from compromise's people and organisations plus the lexicon's
 * cues ("Maria Lopez at ...", "at <Name>", "from <name>"). Compromise only runs when the text has something
 * it could find.
 */
export function findTaggedNames(text: string, taken: NameMatch[], lex: CompiledLexicon): NameMatch[] {
  if (!worthTagging(text, taken, lex)) return [];
  const { cue, orgSuffix, lowerOrg, personBeforeOrg, orgBeforeDeal } = lex.tagging;
  const doc = nlp(text);
  const out: NameMatch[] = [];
  const ctx = { out, taken, lex };
  addAll(groupSpans(personBeforeOrg, text), 'contact', ctx, true);
  fromTerms(doc.people().json({ offset: true }) as TaggedTerm[], 'contact', ctx);
  fromTerms(doc.organizations().json({ offset: true }) as TaggedTerm[], 'customer', ctx);
  // Compromise already claimed the people it knows; what a cue still points at is an organisation.
  addAll(groupSpans(cue, text), 'customer', ctx);
  addAll(groupSpans(orgSuffix, text), 'customer', ctx);
  addAll(groupSpans(lowerOrg, text), 'customer', ctx);
  const deal = orgBeforeDeal.exec(text);
  if (deal?.[1]) addAll([clean(deal[1], deal.index + deal[0].indexOf(deal[1]))], 'customer', ctx);
  return out.sort((a, b) => a.start - b.start);
}
