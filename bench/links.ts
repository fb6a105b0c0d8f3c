// What the evaluation measures on a link set, and the baseline it is measured
// against. Pure.
//
// Held-out links: the dev or test triples of a benchmark, counted once per
// unordered pair, only between entities with no train link (the "missing"
// edges; pairs already linked are not suggestions). A link is found at k when
// either entity has the other among its first k candidates.
//
// Baseline: plain exact TF-IDF (terms.ts buildPlainIndex: words and 3-grams,
// raw tf, smoothed idf, cosine), each entity's top k over all entities, the
// partners it is already linked to left out.
import { createSearcher } from "../lib/candidates/sparse";
import { buildPlainIndex } from "../lib/candidates/terms";
import type { Triple } from "./datasets/kgbert";

export const KS = [1, 5, 10, 20] as const;

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The held-out pairs to find: unordered, deduplicated, no self-loops, not linked in train. */
export function heldOutPairs(triples: Triple[], train: { source: string; target: string }[]): [string, string][] {
  const linked = new Set(train.map((e) => key(e.source, e.target)));
  const out = new Map<string, [string, string]>();
  for (const t of triples) {
    if (t.head === t.tail) continue;
    const k = key(t.head, t.tail);
    if (!linked.has(k)) out.set(k, [t.head, t.tail]);
  }
  return [...out.values()];
}

/** Ranked partner lists by entity: rank of `b` in `a`'s list (1-based), or Infinity. */
export type RankOf = (a: string, b: string) => number;

/** recall@k for each k: the share of pairs where either side ranks the other within k. */
export function recallAt(pairs: [string, string][], rankOf: RankOf, ks: readonly number[] = KS): number[] {
  const found = ks.map(() => 0);
  for (const [a, b] of pairs) {
    const r = Math.min(rankOf(a, b), rankOf(b, a));
    ks.forEach((k, i) => {
      if (r <= k) found[i] = (found[i] as number) + 1;
    });
  }
  return found.map((f) => (pairs.length ? f / pairs.length : 0));
}

/** Lists as a rank function. */
export function rankFromLists(lists: Map<string, string[]>): RankOf {
  const ranks = new Map<string, Map<string, number>>();
  for (const [a, list] of lists) ranks.set(a, new Map(list.map((b, i) => [b, i + 1])));
  return (a, b) => ranks.get(a)?.get(b) ?? Infinity;
}

export interface BaselineInput {
  ids: string[];
  texts: string[];
  /** Typed edges already in the graph (train): those partners are not suggestions. */
  edges: { source: string; target: string }[];
  k: number;
  onProgress?: (done: number, total: number) => void;
}

/** Exact TF-IDF top-k of every entity (no pruning: every shared term counts). */
export function baselineLists(input: BaselineInput): Map<string, string[]> {
  const index = buildPlainIndex(input.texts);
  const at = new Map(input.ids.map((id, i) => [id, i]));
  const n = input.ids.length;
  const linked = new Set<number>();
  for (const e of input.edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (a !== undefined && b !== undefined) linked.add(a < b ? a * n + b : b * n + a);
  }
  const search = createSearcher(index);
  const exclude = (q: number, d: number) => linked.has(q < d ? q * n + d : d * n + q);
  const out = new Map<string, string[]>();
  for (let q = 0; q < n; q++) {
    const found = search(q, { k: input.k, maxDf: Infinity, rescore: 0, exclude, minScore: 0 });
    out.set(input.ids[q] as string, found.map((f) => input.ids[f.doc] as string));
    if ((q + 1) % 1000 === 0 || q + 1 === n) input.onProgress?.(q + 1, n);
  }
  return out;
}

/** Unordered pairs in the union of the lists (the size of a queue made of them). */
export function unionSize(lists: Map<string, string[]>): number {
  const pairs = new Set<string>();
  for (const [a, list] of lists) for (const b of list) pairs.add(key(a, b));
  return pairs.size;
}
