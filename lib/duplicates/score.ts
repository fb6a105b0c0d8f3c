// How alike two entities are as duplicates: name normalisation, name/alias
// similarity (tokens, character trigrams, acronyms), kind compatibility, the
// combined score and the explanation a curator reads. Pure; detect.ts feeds it
// from Neo4j and the benchmark tunes its threshold on a labelled fixture.

/** Words that carry no identity in a name: "The Transformer" is "Transformer". */
const STOP_WORDS = new Set("a an the of for and in on to with by from at as via its their".split(" "));

/**
 * Words that say what kind of thing a name is rather than which thing:
 * "Transformer Architecture" and "Transformer model" both name the transformer.
 * They still count, at a quarter of a word, so "Transformer" and
 * "Transformer Architecture" are alike but not identical.
 */
const GENERIC_WORDS = new Set(
  "architecture model models method approach technique framework paper concept theory idea notion hypothesis".split(" "),
);
const GENERIC_WEIGHT = 0.25;

/**
 * Kinds that are not the same but often hold the same thing twice, because
 * sources disagree on what to call it. paper~framework: a paper that proposes
 * a framework gets recorded as both (the source entry's own duplicate: the
 * paper entity of "A Mathematical Framework for Transformer Circuits" beside
 * the framework). method~concept: a technique is named as an idea ("sparse
 * autoencoder"). claim~finding and claim~hypothesis: extracted statements are
 * typed by how sure the extractor was. Other kinds never pair up.
 */
export const COMPATIBLE_KINDS: readonly (readonly [string, string])[] = [
  ["paper", "framework"],
  ["method", "concept"],
  ["claim", "finding"],
  ["claim", "hypothesis"],
];
const compatible = new Set(COMPATIBLE_KINDS.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));

export function kindsCompatible(a: string, b: string): boolean {
  return a === b || compatible.has(`${a}|${b}`);
}

/** Lower case, accents folded, apostrophes dropped ("Baars'" = "baars"), anything else not a letter or digit a space. */
function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/&/g, " and ");
}

/** Raw words of a text in order, folded (no stop-word removal, no stemming). */
export function rawWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Plural-ish forms meet their singular: "heads" = "head", "properties" = "property", "searches" = "search". */
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** A name's identifying words: folded, stop words dropped (unless nothing else is left), stemmed. */
export function normaliseName(text: string): string[] {
  const words = rawWords(text);
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return (content.length ? content : words).map(stem);
}

/**
 * A written form that reads as an acronym: one word of 2-8 letters or digits,
 * at least two capitals and mostly capitals ("SAE", "ROME", "SoLU", "SAEs").
 */
export function acronymOf(text: string): string | null {
  const t = text.trim();
  if (!/^[\p{L}\p{N}]{2,8}$/u.test(t)) return null;
  const letters = t.replace(/\d/g, "");
  const caps = (letters.match(/\p{Lu}/gu) ?? []).length;
  if (caps < 2 || caps * 2 < letters.length) return null;
  // A plural "s" after capitals ("SAEs") is not part of the acronym.
  return (/\p{Lu}s$/u.test(t) ? t.slice(0, -1) : t).toLowerCase();
}

/**
 * Does `acronym` abbreviate `words`? Each word that is not a stop word gives
 * the acronym its first letter; a compound word may give one more letter where
 * its second part starts ("SAE" = Sparse AutoEncoder: both parts at least 4
 * letters long); stop words may give their first letter or nothing. Letters
 * from just anywhere inside a word are not enough: "FRED" is not "FeatuRE
 * Dictionary", "CLT" is not "CausaL Tracing".
 */
export function abbreviates(acronym: string, words: string[]): boolean {
  // A single word abbreviated by its own letters ("Autoencoder" ~ "AE") is too weak: at least two words.
  if (words.filter((w) => !STOP_WORDS.has(w)).length < 2) return false;
  const memo = new Map<string, boolean>();
  const go = (i: number, w: number): boolean => {
    if (w === words.length) return i === acronym.length;
    const key = `${i}|${w}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const word = words[w] as string;
    let ok = STOP_WORDS.has(word) && go(i, w + 1);
    if (!ok && i < acronym.length && acronym[i] === word[0]) {
      ok = go(i + 1, w + 1);
      const next = acronym[i + 1];
      for (let at = 4; !ok && next !== undefined && at <= word.length - 4; at++) {
        if (word[at] === next) ok = go(i + 2, w + 1);
      }
    }
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}

/** One written form of an entity's name: its name, an alias, or a part of a name like "SAE (sparse auto-encoder)". */
export interface NameVariant {
  text: string;
  isAlias: boolean;
  /** Identifying words (normalised). */
  tokens: string[];
  /** The tokens without spaces, generic words left out when anything else remains: the exact-match key. */
  core: string;
  /** Raw folded words, for acronym matching. */
  words: string[];
  /** Set when the form is an acronym ("sae"). */
  acronym: string | null;
  /** First letters of the non-stop words, when there are at least two ("sa" for Sparse Autoencoder). */
  initials: string | null;
}

function variant(text: string, isAlias: boolean): NameVariant | null {
  const tokens = normaliseName(text);
  if (tokens.length === 0) return null;
  const specific = tokens.filter((t) => !GENERIC_WORDS.has(t));
  const words = rawWords(text);
  const content = words.filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w));
  return {
    text,
    isAlias,
    tokens,
    core: (specific.length ? specific : tokens).join(""),
    words,
    acronym: acronymOf(text),
    initials: content.length >= 2 ? content.map((w) => w[0]).join("") : null,
  };
}

/**
 * The written forms of an entity: its name and each alias; a form "X (Y)"
 * where X or Y is an acronym also gives X and Y apart ("SAE (sparse
 * auto-encoder)"), and a citation "X (Elhage et al., 2022)" gives X. Other
 * parentheses stay part of the name: "Framework (Ashton-Tate, 1984)" is not the
 * bare word "Framework".
 */
export function nameVariants(name: string, aliases: readonly string[] = []): NameVariant[] {
  const out: NameVariant[] = [];
  const add = (text: string, isAlias: boolean) => {
    const v = variant(text, isAlias);
    if (v && !out.some((o) => o.tokens.join(" ") === v.tokens.join(" ") && o.acronym === v.acronym)) out.push(v);
  };
  for (const [text, isAlias] of [[name, false], ...aliases.map((a) => [a, true] as const)] as [string, boolean][]) {
    add(text, isAlias);
    const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(text);
    if (m && (acronymOf(m[1] as string) || acronymOf(m[2] as string))) {
      add(m[1] as string, isAlias);
      add(m[2] as string, true);
    } else if (m && /\bet al\b/i.test(m[2] as string)) {
      // A citation in the title ("Toy Models of Superposition (Elhage et al., 2022)") is not part of the name.
      add(m[1] as string, isAlias);
    }
  }
  return out;
}

function trigrams(s: string): Set<string> {
  const padded = `^${s}$`;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

const weight = (t: string) => (GENERIC_WORDS.has(t) ? GENERIC_WEIGHT : 1);

/** Jaccard over token sets, generic words at a quarter weight. */
export function tokenJaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  let inter = 0;
  let union = 0;
  for (const t of A) {
    union += weight(t);
    if (B.has(t)) inter += weight(t);
  }
  for (const t of B) if (!A.has(t)) union += weight(t);
  return union === 0 ? 0 : inter / union;
}

/** Trigram sets of recent strings: one entity is compared with many others. */
const gramCache = new Map<string, Set<string>>();
function cachedTrigrams(s: string): Set<string> {
  let g = gramCache.get(s);
  if (!g) {
    if (gramCache.size >= 200_000) gramCache.clear();
    g = trigrams(s);
    gramCache.set(s, g);
  }
  return g;
}

/** Jaccard over character trigrams of the space-free forms: catches "auto-encoder" = "autoencoder" and misspellings. */
export function trigramJaccard(a: string, b: string): number {
  if (a.length < 4 || b.length < 4) return a === b ? 1 : 0;
  const A = cachedTrigrams(a);
  const B = cachedTrigrams(b);
  let inter = 0;
  for (const g of A) if (B.has(g)) inter++;
  return inter / (A.size + B.size - inter);
}

/** An acronym that abbreviates the other form is nearly as good as the same name. */
export const ACRONYM_MATCH = 0.9;

/** Similarity of two written forms, 0..1: the best of token Jaccard, trigram Jaccard and an acronym match. */
export function variantSimilarity(x: NameVariant, y: NameVariant): number {
  if (x.tokens.join(" ") === y.tokens.join(" ")) return 1;
  let best = Math.max(tokenJaccard(x.tokens, y.tokens), trigramJaccard(x.tokens.join(""), y.tokens.join("")));
  // Forms that differ only by generic words ("Transformer" / "Transformer Architecture").
  if (x.core === y.core) best = Math.max(best, 0.8);
  if ((x.acronym && !y.acronym && abbreviates(x.acronym, y.words)) || (y.acronym && !x.acronym && abbreviates(y.acronym, x.words))) {
    best = Math.max(best, ACRONYM_MATCH);
  }
  return best;
}

/** A match through aliases counts a little less than name against name: aliases are looser. */
const ALIAS_DISCOUNT = 0.95;

/** Best similarity over every pair of written forms (name and aliases on both sides). */
export function nameSimilarity(a: readonly NameVariant[], b: readonly NameVariant[]): number {
  let best = 0;
  for (const x of a) {
    for (const y of b) {
      const discount = (x.isAlias ? ALIAS_DISCOUNT : 1) * (y.isAlias ? ALIAS_DISCOUNT : 1);
      best = Math.max(best, variantSimilarity(x, y) * discount);
      if (best >= 1) return 1;
    }
  }
  return best;
}

/** What the score is made of, for one pair. */
export interface PairEvidence {
  kindA: string;
  kindB: string;
  /** Name/alias similarity, 0..1. */
  names: number;
  /** Embedding (description) cosine, when known. */
  cosine: number | null;
  sharedNeighbours: number;
  /** Typed degrees of the two entities. */
  degreeA: number;
  degreeB: number;
  yearA: number | null;
  yearB: number | null;
  suspected: boolean;
}

/**
 * Cosines below this say nothing about sameness: the lexical embedder is
 * calibrated so unrelated texts sit near 0.5 and related ones from 0.65 (see
 * lib/similarity/lexical.ts), and sentence models put unrelated text lower.
 */
export const COSINE_FLOOR = 0.5;
const COSINE_FULL = 0.95;

/** 0..1: how much the description cosine says "same thing". */
export function cosineEvidence(cosine: number | null): number {
  if (cosine === null) return 0;
  return Math.min(1, Math.max(0, (cosine - COSINE_FLOOR) / (COSINE_FULL - COSINE_FLOOR)));
}

/** 0..1 from shared typed neighbours: a few shared ones count, more so when they are most of the smaller side's. */
export function neighbourEvidence(shared: number, degreeA: number, degreeB: number): number {
  if (shared <= 0) return 0;
  const smaller = Math.max(1, Math.min(degreeA, degreeB));
  return Math.min(1, 0.5 * Math.min(1, shared / smaller) + 0.5 * (1 - 0.6 ** shared));
}

/** Years more than this apart are a conflict (a year either way is the usual preprint/publication slack). */
const YEAR_SLACK = 1;

export function yearsConflict(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) > YEAR_SLACK;
}

export const SCORE_WEIGHTS = {
  /** Names dominate: duplicates are found by what they are called. */
  names: 0.6,
  cosine: 0.4,
  /** Shared neighbours close this share of the remaining gap to 1 (a stub duplicate has none, so they never count against). */
  neighbours: 0.3,
  /** Without a cosine, names alone are discounted. */
  namesOnly: 0.85,
  /** Papers with conflicting years are usually different papers (or editions); other kinds' years are looser. */
  yearConflictPaper: 0.5,
  yearConflict: 0.8,
} as const;

/**
 * The combined score, 0..1 (0 for kinds that never pair up). Names are
 * raised to the power 1.5 so half-alike names ("Induction Heads" / "Induction
 * Head Phase Change") need strong other evidence. A curator's "duplicate?" mark
 * halves the remaining distance to 1.
 */
export function duplicateScore(e: PairEvidence): number {
  if (!kindsCompatible(e.kindA, e.kindB)) return 0;
  const W = SCORE_WEIGHTS;
  const names = e.names ** 2;
  let s = e.cosine === null ? W.namesOnly * names : W.names * names + W.cosine * cosineEvidence(e.cosine);
  s += (1 - s) * W.neighbours * neighbourEvidence(e.sharedNeighbours, e.degreeA, e.degreeB);
  if (yearsConflict(e.yearA, e.yearB)) s *= e.kindA === "paper" || e.kindB === "paper" ? W.yearConflictPaper : W.yearConflict;
  if (e.suspected) s = 1 - (1 - s) / 2;
  return Math.min(1, Math.max(0, s));
}

/** The most a pair can score once its shared neighbours are known: at most the smaller degree (they only ever raise the score). */
export function scoreUpperBound(e: Omit<PairEvidence, "sharedNeighbours">): number {
  return duplicateScore({ ...e, sharedNeighbours: Math.min(e.degreeA, e.degreeB) });
}

/** "names 0.92 · description cosine 0.81 · 3 shared neighbours" (plus a curator's mark and a year conflict when there are). */
export function explain(r: {
  names: number;
  cosine: number | null;
  sharedNeighbours: number;
  suspectedBy: string | null;
  yearsDiffer?: { a: number; b: number } | null;
}): string {
  const parts = [`names ${r.names.toFixed(2)}`];
  if (r.cosine !== null) parts.push(`description cosine ${r.cosine.toFixed(2)}`);
  parts.push(`${r.sharedNeighbours} shared neighbour${r.sharedNeighbours === 1 ? "" : "s"}`);
  if (r.yearsDiffer) parts.push(`years differ (${r.yearsDiffer.a} vs ${r.yearsDiffer.b})`);
  if (r.suspectedBy) parts.push(`marked “duplicate?” by ${r.suspectedBy}`);
  return parts.join(" · ");
}
