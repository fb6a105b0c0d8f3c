// The default, offline embedder: TF-IDF over words and character 3-grams of
// an entity's name, aliases and description, hashed into a fixed number of
// dimensions (signed), L2-normalised. Deterministic; no model download. Pure:
// corpus statistics come in as a `Corpus` (see corpus.ts for how they are kept).
import { fmix32, fnv1a, slot } from "./hashing";
import { words, type EmbeddingInput } from "./text";
import { l2normalize } from "./vectors";

/** Version of the feature recipe: part of the model name, so changing the recipe re-embeds everything. */
export const LEXICAL_VERSION = "tfidf-v1";
export const DEFAULT_LEXICAL_DIMENSIONS = 256;
/** Buckets of the document-frequency table (2^18): large enough that IDF collisions are rare. */
export const IDF_BUCKETS = 1 << 18;

/** Document frequencies of hashed features over a corpus of `docs` entities. */
export interface Corpus {
  docs: number;
  df: Uint32Array;
}

// Words carry more meaning than 3-grams; names and aliases more than descriptions
// (they are short, and a duplicate is usually a renamed entity).
const WORD_SEED = 0x811c9dc5;
const GRAM_SEED = 0x01000193 ^ 0x5bd1e995;
const NAME_BOOST = 2;
/** Share of the words part in the final vector (the rest is 3-grams); cos ≈ α·cos_words + (1−α)·cos_grams. */
const WORD_SHARE = 0.6;
/**
 * Calibration. Raw TF-IDF cosines live lower than sentence-embedding ones: on the
 * labelled fixture unrelated pairs (look-alikes included) stay below 0.18 and
 * related pairs start near 0.33, so 0.65 — the threshold shared with the other
 * providers — would cut most of them. The last dimension of every vector is the
 * constant √β (the rest scaled by √(1−β)), which makes the stored and indexed
 * cosine exactly β + (1−β)·raw: monotone, so rankings and the index are
 * unchanged, and 0.65 means raw ≈ 0.33, 0.90 (restatement) raw ≈ 0.81.
 */
export const CALIBRATION_BIAS = 0.48;

/**
 * Weighted counts of 32-bit feature hashes, kept in first-seen order (the
 * order the vector is summed in, so results do not depend on the table).
 * An open-addressing table: a Map keyed by hashes above 2^30 (not small
 * integers to V8) was most of the embedder's time.
 */
export class HashCounts {
  readonly keys: number[] = [];
  readonly weights: number[] = [];
  private slots = new Int32Array(256).fill(-1);

  add(hash: number, weight: number): void {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = this.slots[i] as number;
      if (at === -1) {
        this.slots[i] = this.keys.length;
        this.keys.push(hash);
        this.weights.push(weight);
        if (this.keys.length * 2 > this.slots.length) this.grow();
        return;
      }
      if (this.keys[at] === hash) {
        this.weights[at] = (this.weights[at] as number) + weight;
        return;
      }
    }
  }

  get size(): number {
    return this.keys.length;
  }

  private grow() {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    this.keys.forEach((hash, at) => {
      let i = hash & mask;
      while (this.slots[i] !== -1) i = (i + 1) & mask;
      this.slots[i] = at;
    });
  }
}

interface Features {
  words: HashCounts;
  grams: HashCounts;
}

/**
 * fnv1a(g, GRAM_SEED) of each of charGrams(word), without making the strings:
 * a word's 3-grams are most of the features, and this is the embedder's hot loop.
 */
export function gramHashes(word: string): number[] {
  const len = word.length;
  if (len === 0) return [fnv1a("^$", GRAM_SEED)];
  // The padded word is "^" + word + "$"; gram i is its characters i, i+1, i+2.
  const out = new Array<number>(len);
  let a = 94; // "^"
  let b = word.charCodeAt(0);
  for (let i = 0; i < len; i++) {
    const c = i + 1 < len ? word.charCodeAt(i + 1) : 36; // "$"
    let h = Math.imul((GRAM_SEED >>> 0) ^ a, 0x01000193);
    h = Math.imul(h ^ b, 0x01000193);
    h = Math.imul(h ^ c, 0x01000193);
    out[i] = fmix32(h);
    a = b;
    b = c;
  }
  return out;
}

/** Hashed features with their weighted counts. */
export function features(e: EmbeddingInput): Features {
  const f: Features = { words: new HashCounts(), grams: new HashCounts() };
  const add = (text: string, weight: number) => {
    for (const w of words(text)) {
      f.words.add(fnv1a(w, WORD_SEED), weight);
      for (const g of gramHashes(w)) f.grams.add(g, weight);
    }
  };
  add(e.name, NAME_BOOST);
  for (const alias of e.aliases) add(alias, NAME_BOOST);
  if (e.description) add(e.description, 1);
  return f;
}

const bucket = (hash: number) => fmix32(hash) & (IDF_BUCKETS - 1);

/** Document frequencies over `docs` (each feature counted once per document). */
export function documentFrequencies(docs: Iterable<EmbeddingInput>): Corpus {
  const df = new Uint32Array(IDF_BUCKETS);
  let n = 0;
  for (const doc of docs) {
    n++;
    const f = features(doc);
    const seen = new Set<number>();
    for (const h of f.words.keys) seen.add(bucket(h));
    for (const h of f.grams.keys) seen.add(bucket(h));
    for (const b of seen) df[b] = (df[b] as number) + 1;
  }
  return { docs: n, df };
}

/** Smoothed IDF: a feature never seen weighs as much as the rarest one. */
export function idf(corpus: Corpus, hash: number): number {
  return Math.log((corpus.docs + 1) / ((corpus.df[bucket(hash)] as number) + 1)) + 1;
}

/** One L2-normalised TF-IDF part (words or 3-grams) over dimensions − 1 slots; the last one is the bias. */
function part(counts: HashCounts, corpus: Corpus, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  for (let i = 0; i < counts.size; i++) {
    const h = counts.keys[i] as number;
    const tf = counts.weights[i] as number;
    const { dim, sign } = slot(h, dimensions - 1);
    v[dim] = (v[dim] as number) + sign * (1 + Math.log(tf)) * idf(corpus, h);
  }
  return l2normalize(v);
}

/** The lexical embedding of one entity. */
export function lexicalVector(e: EmbeddingInput, corpus: Corpus, dimensions = DEFAULT_LEXICAL_DIMENSIONS): Float32Array {
  const f = features(e);
  const w = part(f.words, corpus, dimensions);
  const g = part(f.grams, corpus, dimensions);
  const a = Math.sqrt(WORD_SHARE);
  const b = Math.sqrt(1 - WORD_SHARE);
  const raw = new Float32Array(dimensions - 1);
  for (let i = 0; i < raw.length; i++) raw[i] = a * (w[i] as number) + b * (g[i] as number);
  l2normalize(raw);
  const scale = Math.sqrt(1 - CALIBRATION_BIAS);
  const v = new Float32Array(dimensions);
  for (let i = 0; i < raw.length; i++) v[i] = scale * (raw[i] as number);
  v[dimensions - 1] = Math.sqrt(CALIBRATION_BIAS);
  return v;
}

/** The calibrated cosine for a raw TF-IDF cosine (what the stored vectors give). */
export const calibrated = (raw: number) => CALIBRATION_BIAS + (1 - CALIBRATION_BIAS) * raw;

/** A short stable id of a corpus snapshot: part of the model name, so a new snapshot re-embeds everything. */
export function corpusId(corpus: Corpus): string {
  let h = fnv1a(String(corpus.docs));
  for (let i = 0; i < corpus.df.length; i++) if (corpus.df[i]) h = fmix32(h ^ Math.imul(i + 1, 0x9e3779b1) ^ (corpus.df[i] as number));
  return h.toString(36);
}

/** Compact form for storage on a node: base64 of the little-endian table. */
export function encodeCorpus(corpus: Corpus): { docs: number; df: string } {
  return { docs: corpus.docs, df: Buffer.from(corpus.df.buffer, corpus.df.byteOffset, corpus.df.byteLength).toString("base64") };
}

export function decodeCorpus(stored: { docs: number; df: string }): Corpus {
  const bytes = Buffer.from(stored.df, "base64");
  if (bytes.byteLength !== IDF_BUCKETS * 4) throw new Error("stored corpus statistics have the wrong size; run `npm run similarity -- --full`");
  const df = new Uint32Array(IDF_BUCKETS);
  new Uint8Array(df.buffer).set(bytes);
  return { docs: stored.docs, df };
}
