// Vector arithmetic for embeddings: L2 normalisation, cosine, and exact
// (brute-force) top-k, the reference the vector index is measured against. Pure.

export type Vector = Float32Array | number[];

export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) ** 2;
  if (sum === 0) return v;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  return v;
}

export function dot(a: Vector, b: Vector): number {
  if (a.length !== b.length) throw new Error(`vectors of different dimensions (${a.length} and ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function cosine(a: Vector, b: Vector): number {
  const d = dot(a, b);
  const n = Math.sqrt(dot(a, a) * dot(b, b));
  return n === 0 ? 0 : d / n;
}

export interface Neighbour {
  index: number;
  score: number;
}

/**
 * Exact top-k by cosine of every vector against `queries` (indexes into
 * `vectors`, which must be L2-normalised), excluding the query itself. Ties
 * are broken by index so the answer is deterministic.
 */
export function exactTopK(vectors: Float32Array[], queries: number[], k: number): Neighbour[][] {
  return queries.map((q) => {
    const qv = vectors[q] as Float32Array;
    const best: Neighbour[] = [];
    let floor = -Infinity;
    for (let i = 0; i < vectors.length; i++) {
      if (i === q) continue;
      const v = vectors[i] as Float32Array;
      let s = 0;
      for (let d = 0; d < qv.length; d++) s += (qv[d] as number) * (v[d] as number);
      if (best.length === k && s <= floor) continue;
      best.push({ index: i, score: s });
      if (best.length >= k) {
        best.sort((x, y) => y.score - x.score || x.index - y.index);
        if (best.length > k) best.pop();
        floor = (best[k - 1] as Neighbour).score;
      }
    }
    return best.sort((x, y) => y.score - x.score || x.index - y.index);
  });
}

/** Share of the exact neighbours that the approximate answer found (recall@k), over all queries. */
export function recallAtK(exact: string[][], approximate: string[][]): number {
  let found = 0;
  let total = 0;
  exact.forEach((truth, i) => {
    const got = new Set(approximate[i] ?? []);
    total += truth.length;
    for (const id of truth) if (got.has(id)) found++;
  });
  return total === 0 ? 1 : found / total;
}
