// The default, offline embedder: TF-IDF over words and character 3-grams of
// an entity's name, aliases and description, hashed into a fixed number of
// dimensions (signed), L2-normalised. Deterministic; no model download. Pure:
// corpus statistics come in as a `Corpus` (see corpus.ts for how they are kept).
import { fmix32, fnv1a, slot } from "./hashing";
import { charGrams, words, type EmbeddingInput } from "./text";
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

interface Features {
  words: Map<number, number>;
  grams: Map<number, number>;
}

function addAll(into: Map<number, number>, keys: number[], weight: number) {
  for (const k of keys) into.set(k, (into.get(k) ?? 0) + weight);
}

/** Hashed features with their weighted counts. */
export function features(e: EmbeddingInput): Features {
  const f: Features = { words: new Map(), grams: new Map() };
  const add = (text: string, weight: number) => {
    const ws = words(text);
    addAll(f.words, ws.map((w) => fnv1a(w, WORD_SEED)), weight);
    for (const w of ws) addAll(f.grams, charGrams(w).map((g) => fnv1a(g, GRAM_SEED)), weight);
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
    for (const h of f.words.keys()) seen.add(bucket(h));
    for (const h of f.grams.keys()) seen.add(bucket(h));
    for (const b of seen) df[b] = (df[b] as number) + 1;
  }
  return { docs: n, df };
}

/** Smoothed IDF: a feature never seen weighs as much as the rarest one. */
export function idf(corpus: Corpus, hash: number): number {
  return Math.log((corpus.docs + 1) / ((corpus.df[bucket(hash)] as number) + 1)) + 1;
}

/** One L2-normalised TF-IDF part (words or 3-grams) over dimensions − 1 slots; the last one is the bias. */
function part(counts: Map<number, number>, corpus: Corpus, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  for (const [h, tf] of counts) {
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
