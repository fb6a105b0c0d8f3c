// Typed edges as an undirected adjacency: CSR rows, sorted and without
// repeats, for the structure signals (signals.ts). Pure.

export interface Adjacency {
  n: number;
  ptr: Int32Array;
  nbr: Int32Array;
}

/** Undirected adjacency of `n` nodes from index pairs; repeated pairs and self-loops are dropped. */
export function buildAdjacency(n: number, pairs: ArrayLike<number>[]): Adjacency {
  const deg = new Int32Array(n);
  for (const [a, b] of pairs as [number, number][]) {
    if (a === b) continue;
    deg[a] = (deg[a] as number) + 1;
    deg[b] = (deg[b] as number) + 1;
  }
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) ptr[i + 1] = (ptr[i] as number) + (deg[i] as number);
  const fill = ptr.slice(0, n);
  const raw = new Int32Array(ptr[n] as number);
  for (const [a, b] of pairs as [number, number][]) {
    if (a === b) continue;
    raw[fill[a] as number] = b;
    fill[a] = (fill[a] as number) + 1;
    raw[fill[b] as number] = a;
    fill[b] = (fill[b] as number) + 1;
  }
  // Sort and deduplicate each row.
  const out = new Int32Array(raw.length);
  const outPtr = new Int32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(ptr[i] as number, ptr[i + 1] as number).sort();
    outPtr[i] = at;
    let prev = -1;
    for (const v of row) {
      if (v !== prev) out[at++] = v;
      prev = v;
    }
  }
  outPtr[n] = at;
  return { n, ptr: outPtr, nbr: out.slice(0, at) };
}

export const degree = (g: Adjacency, i: number) => (g.ptr[i + 1] as number) - (g.ptr[i] as number);
