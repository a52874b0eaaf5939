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
const CUE =
  /\b(?:with|at|from|w|called|emailed|met|visited|pinged|texted|prospect|client|customer|lead)[,:]?\s+(\p{Lu}[\p{L}&'.-]*(?:\s+\p{Lu}[\p{L}&'.-]*){0,3})/gu;
const ORG_SUFFIX =
  /\b\p{Lu}[\p{L}&'-]*(?:\s+\p{Lu}[\p{L}&'-]*)*\s+(?:Traders|Trading|Systems|Labs|Inc|Corp|Corporation|Group|Partners|Solutions|Technologies|Tech|Logistics|Foods|Health|Industries|Bank|Capital|Media|Software|Holdings|Ltd|LLC|GmbH|Enterprises|Analytics|Networks|Retail|Pharma|Energy|Motors|Airlines|Insurance)\b/gu;
const LOWER_ORG =
  /\b(?:at|from)\s+([a-z][a-z0-9&-]{2,})(?=\s*(?:$|[,.;!?]|\s(?:re|about|regarding|to|for|on|today|yesterday|this|last|and|they|she|he|went|was|is|said)\b))/g;

function overlaps(a: { start: number; end: number }, taken: { start: number; end: number }[]): boolean {
  return taken.some((t) => a.start < t.end && t.start < a.end);
}

function clean(text: string, start: number): { text: string; start: number; end: number } {
  const trimmed = text.replace(/^[\s"'(]+/, '');
  const lead = text.length - trimmed.length;
  const body = trimmed.replace(/(?:['\u2019]s)?[\s,.;:!?"')]+$/, '').replace(/['\u2019]s$/, '');
  return { text: body, start: start + lead, end: start + lead + body.length };
}

function plausible(text: string, lex: CompiledLexicon): boolean {
  const words = text.toLowerCase().split(/\s+/);
  if (words.length === 0 || text.length < 2) return false;
  if (words.every((w) => lex.notNames.has(w))) return false;
  return !/\d/.test(text) && !lex.notNames.has(words[0] ?? '');
}

/** True when the text has a capitalised or cued word that known names do not explain. */
function worthTagging(text: string, taken: { start: number; end: number }[]): boolean {
  for (const re of [CAPITALISED, CUE, LOWER_ORG]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index + m[0].length - (m[1]?.length ?? m[0].length);
      if (!overlaps({ start, end: start + (m[1]?.length ?? m[0].length) }, taken)) return true;
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

/**
 * Names the tenant has not told us about, from compromise's people and organisations plus a few cues
 * ("at <Name>", "from <name>"). Compromise only runs when the text has something it could find.
 */
export function findTaggedNames(text: string, taken: NameMatch[], lex: CompiledLexicon): NameMatch[] {
  if (!worthTagging(text, taken)) return [];
  const doc = nlp(text);
  const out: NameMatch[] = [];
  const ctx = { out, taken, lex };
  fromTerms(doc.people().json({ offset: true }) as TaggedTerm[], 'contact', ctx);
  fromTerms(doc.organizations().json({ offset: true }) as TaggedTerm[], 'customer', ctx);
  CUE.lastIndex = 0;
  for (let m = CUE.exec(text); m; m = CUE.exec(text)) {
    const name = m[1] ?? '';
    const found = clean(name, m.index + m[0].length - name.length);
    if (!plausible(found.text, lex) || overlaps(found, [...taken, ...out])) continue;
    // Compromise already claimed the people it knows; what a cue still points at is an organisation.
    push(out, 'customer', found);
  }
  ORG_SUFFIX.lastIndex = 0;
  for (let m = ORG_SUFFIX.exec(text); m; m = ORG_SUFFIX.exec(text)) {
    const found = clean(m[0], m.index);
    if (plausible(found.text, lex) && !overlaps(found, [...taken, ...out])) push(out, 'customer', found);
  }
  LOWER_ORG.lastIndex = 0;
  for (let m = LOWER_ORG.exec(text); m; m = LOWER_ORG.exec(text)) {
    const name = m[1] ?? '';
    const start = m.index + m[0].length - name.length;
    const found = { text: name, start, end: start + name.length };
    if (!plausible(name, lex) || overlaps(found, [...taken, ...out])) continue;
    push(out, 'customer', found);
  }
  return out.sort((a, b) => a.start - b.start);
}
