// Synthetic data for scale tests and benchmarks, in the ingest formats.
// Deterministic for a seed: skewed degrees (a few supernodes with over 10,000
// neighbours, a long tail elsewhere), descriptions of realistic length, and
// similarity edges. Pure generators; writing files is the caller's business.
import type { EdgeRow, EntityRow, SimilarityRow } from "./rows";

export interface GenerateOptions {
  entities: number;
  edges: number;
  similarities: number;
  seed: number;
  supernodes: number;
  /** Distinct neighbours per supernode (capped at half the entities). */
  supernodeDegree: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KIND_WEIGHTS: [string, number][] = [
  ["concept", 30], ["paper", 20], ["method", 12], ["claim", 10], ["finding", 8], ["thinker", 8],
  ["framework", 3], ["hypothesis", 3], ["question", 2], ["artifact", 2], ["dataset", 1], ["event", 1],
];
const RELATION_WEIGHTS: [string, number][] = [
  ["related_to", 20], ["uses", 15], ["extends", 10], ["mentions", 10], ["cites", 10], ["associated_with", 8],
  ["introduces", 6], ["studies", 6], ["implements", 4], ["supports", 4], ["about", 3], ["contradicts", 1],
  ["analogous_to", 1], ["restates", 1], ["succeeds", 1],
];
const WORDS = (
  "attention head residual stream feature circuit neuron layer token embedding logit superposition sparse " +
  "dictionary autoencoder probe activation patching ablation path composition induction copying memory " +
  "representation direction subspace basis polysemantic monosemantic transcoder crosscoder attribution graph " +
  "replacement model interpretability mechanistic causal intervention steering vector gradient saliency lens " +
  "unembedding query key value softmax normalization mlp gate routing expert scaling law training dynamics " +
  "phase change grokking generalization memorization benchmark evaluation dataset corpus language vision"
).split(" ");
const FIRST = "Ada Alan Grace Claude Edsger Barbara Donald Frances John Leslie Radia Shafi Tim Yoshua Geoffrey Fei".split(" ");
const LAST = "Lovelace Turing Hopper Shannon Dijkstra Liskov Knuth Allen McCarthy Lamport Perlman Goldwasser Berners Bengio Hinton Li".split(" ");

function pickWeighted(rng: () => number, table: [string, number][]): string {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [key, w] of table) {
    x -= w;
    if (x < 0) return key;
  }
  return (table[table.length - 1] as [string, number])[0];
}

const pick = <T,>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

function sentence(rng: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(rng, WORDS));
  return `${title(out.join(" "))}.`;
}

/** Description of 25–70 words in 2–4 sentences (roughly 200–500 characters). */
function description(rng: () => number): string {
  const sentences = 2 + Math.floor(rng() * 3);
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) parts.push(sentence(rng, 10 + Math.floor(rng() * 10)));
  return parts.join(" ");
}

export function syntheticId(kind: string, index: number): string {
  return `${kind}:synthetic-${index}`;
}

/** The kinds of all synthetic entities, in index order (supernodes are concepts). */
export function syntheticKinds(opts: GenerateOptions): string[] {
  const rng = mulberry32(opts.seed);
  const kinds: string[] = [];
  for (let i = 0; i < opts.entities; i++) kinds.push(i < opts.supernodes ? "concept" : pickWeighted(rng, KIND_WEIGHTS));
  return kinds;
}

export function* generateEntities(opts: GenerateOptions, kinds: string[]): Generator<EntityRow> {
  const rng = mulberry32(opts.seed ^ 0x9e3779b9);
  for (let i = 0; i < opts.entities; i++) {
    const kind = kinds[i] as string;
    const words = [pick(rng, WORDS), pick(rng, WORDS), pick(rng, WORDS)].map(title).join(" ");
    const row: EntityRow = {
      id: syntheticId(kind, i),
      kind,
      name: kind === "thinker" ? `${pick(rng, FIRST)} ${pick(rng, LAST)} ${i}` : `${words} ${i}`,
      description: description(rng),
      year: 2015 + Math.floor(rng() * 12),
    };
    if (rng() < 0.3) row.aliases = [`${title(pick(rng, WORDS))} ${title(pick(rng, WORDS))}`];
    if (kind === "paper") {
      row.authors = Array.from({ length: 1 + Math.floor(rng() * 5) }, () => `${pick(rng, FIRST)} ${pick(rng, LAST)}`);
      row.venue = pick(rng, ["arXiv", "NeurIPS", "ICLR", "ICML", "Transformer Circuits Thread", "Distill"]);
      row.url = `https://example.org/papers/${i}`;
      row.tldr = sentence(rng, 18);
      row.takeaways = [sentence(rng, 12), sentence(rng, 12), sentence(rng, 12)];
    }
    yield row;
  }
}

export function* generateEdges(opts: GenerateOptions, kinds: string[]): Generator<EdgeRow> {
  const rng = mulberry32(opts.seed ^ 0x85ebca6b);
  const n = opts.entities;
  const seen = new Set<string>();
  const pairSeen = new Set<number>(); // supernode neighbours, to keep them distinct
  let produced = 0;
  const id = (i: number) => syntheticId(kinds[i] as string, i);
  const emit = (s: number, t: number): EdgeRow | null => {
    if (s === t) return null;
    const relation = pickWeighted(rng, RELATION_WEIGHTS);
    const key = `${s}|${relation}|${t}`;
    if (seen.has(key)) return null;
    seen.add(key);
    return { source: id(s), relation, target: id(t) };
  };
  const degree = Math.min(opts.supernodeDegree, Math.floor(n / 2));
  for (let hub = 0; hub < Math.min(opts.supernodes, n) && produced < opts.edges; hub++) {
    pairSeen.clear();
    let made = 0;
    while (made < degree && produced < opts.edges) {
      const other = Math.floor(rng() * n);
      if (other === hub || pairSeen.has(other)) continue;
      const edge = rng() < 0.5 ? emit(other, hub) : emit(hub, other);
      if (!edge) continue;
      pairSeen.add(other);
      made++;
      produced++;
      yield edge;
    }
  }
  let guard = 0;
  while (produced < opts.edges && guard < opts.edges * 20) {
    guard++;
    const s = Math.floor(rng() * n);
    const t = Math.floor(n * Math.pow(rng(), 2.5)); // skewed: low indices are popular
    const edge = emit(s, t);
    if (!edge) continue;
    produced++;
    yield edge;
  }
}

export function* generateSimilarities(opts: GenerateOptions, kinds: string[]): Generator<SimilarityRow> {
  const rng = mulberry32(opts.seed ^ 0xc2b2ae35);
  const n = opts.entities;
  const seen = new Set<string>();
  let produced = 0;
  let guard = 0;
  while (produced < opts.similarities && guard < opts.similarities * 20 && n > 1) {
    guard++;
    const a = Math.floor(rng() * n);
    const b = Math.floor(rng() * n);
    if (a === b) continue;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    produced++;
    const score = Math.round((0.65 + 0.34 * rng() * rng()) * 1000) / 1000;
    yield { a: syntheticId(kinds[a] as string, a), b: syntheticId(kinds[b] as string, b), score, method: "synthetic" };
  }
}
