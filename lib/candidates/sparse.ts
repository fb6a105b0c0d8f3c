// Exact sparse TF-IDF: documents as weighted term bags, interned without
// hashing (no collisions, unlike the 256-dimension hashed embedding it
// replaces), stored column-wise with an inverted index, and searched for each
// document's nearest neighbours by cosine. Pure and synchronous.
//
// A document is made of parts (e.g. words and character 3-grams); each part is
// TF-IDF weighted (sublinear tf, smoothed idf), L2-normalised and scaled by
// √share, so the cosine of two documents is Σ share·cos(part) and every vector
// has norm 1.
//
// Search accumulates scores over the postings of the query's terms. Terms in
// more than `maxDf` documents are skipped while gathering candidates (their
// postings are long and their weight small), and the best `rescore`
// candidates are then scored exactly over all terms. With maxDf = Infinity
// the search is exact: the evaluation's TF-IDF baseline uses it that way.

export interface SparseIndex {
  docs: number;
  terms: number;
  /** Document frequency of each term. */
  df: Int32Array;
  /** Document vectors, CSR: terms of doc d are docTerm[docPtr[d]..docPtr[d+1]), ascending. */
  docPtr: Int32Array;
  docTerm: Int32Array;
  docW: Float32Array;
  /** Postings, CSR by term: the documents holding term t and their weights. */
  termPtr: Int32Array;
  postDoc: Int32Array;
  postW: Float32Array;
}

export interface Neighbour {
  doc: number;
  score: number;
}

/** A growable Int32/Float32 column pair. */
class Columns {
  ids = new Int32Array(1 << 16);
  ws = new Float32Array(1 << 16);
  length = 0;
  push(id: number, w: number) {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const ws = new Float32Array(this.ws.length * 2);
      ws.set(this.ws);
      this.ws = ws;
    }
    this.ids[this.length] = id;
    this.ws[this.length++] = w;
  }
}

/** Adds a weighted occurrence of `term` to part `part` of the document being read. */
export type AddTerm = (part: number, term: number, weight: number) => void;

/**
 * Builds the index of `n` documents over `terms` term ids (each id belongs to
 * one part), parts weighing `shares` (summing to 1). `read(d, add)` reports
 * document d's term occurrences; they are summed here, so a document never
 * needs a map of its own.
 */
export function buildSparseIndex(n: number, terms: number, read: (d: number, add: AddTerm) => void, shares: number[], opts: { sublinearTf?: boolean } = {}): SparseIndex {
  const tf = opts.sublinearTf === false ? (c: number) => c : (c: number) => 1 + Math.log(c);
  const parts = shares.length;
  const count = new Float64Array(terms);
  const partOf = new Int8Array(terms).fill(-1);
  const touched: number[][] = shares.map(() => []);
  const df = new Int32Array(terms);
  const raw = new Columns();
  const partPtr = new Int32Array(n * parts + 1);
  const add: AddTerm = (part, term, weight) => {
    const owner = partOf[term] as number;
    if (owner === -1) partOf[term] = part;
    else if (owner !== part) throw new Error(`term ${term} is in two parts`);
    if (count[term] === 0) (touched[part] as number[]).push(term);
    count[term] = (count[term] as number) + weight;
  };
  // Pass 1: summed counts per part, in row order; document frequencies.
  for (let d = 0; d < n; d++) {
    read(d, add);
    for (let p = 0; p < parts; p++) {
      for (const t of touched[p] as number[]) {
        raw.push(t, count[t] as number);
        df[t] = (df[t] as number) + 1;
        count[t] = 0;
      }
      (touched[p] as number[]).length = 0;
      partPtr[d * parts + p + 1] = raw.length;
    }
  }
  const idf = new Float64Array(terms);
  for (let t = 0; t < terms; t++) idf[t] = Math.log((n + 1) / ((df[t] as number) + 1)) + 1;

  // Pass 2: weights, per-part normalisation, rows sorted by term id.
  const nnz = raw.length;
  const docPtr = new Int32Array(n + 1);
  const docTerm = new Int32Array(nnz);
  const docW = new Float32Array(nnz);
  for (let d = 0; d < n; d++) {
    const start = partPtr[d * parts] as number;
    const end = partPtr[(d + 1) * parts] as number;
    docPtr[d + 1] = end;
    for (let p = 0; p < parts; p++) {
      const from = partPtr[d * parts + p] as number;
      const to = partPtr[d * parts + p + 1] as number;
      let norm = 0;
      for (let j = from; j < to; j++) {
        const w = tf(raw.ws[j] as number) * (idf[raw.ids[j] as number] as number);
        docW[j] = w;
        norm += w * w;
      }
      const scale = norm > 0 ? Math.sqrt(shares[p] as number) / Math.sqrt(norm) : 0;
      for (let j = from; j < to; j++) docW[j] = (docW[j] as number) * scale;
    }
    // Sort the row by term id: (term, offset) packed into one number for the native sort.
    const len = end - start;
    const m = Math.max(len, 1);
    const packed = new Float64Array(len);
    for (let j = 0; j < len; j++) packed[j] = (raw.ids[start + j] as number) * m + j;
    packed.sort();
    const w2 = new Float32Array(len);
    for (let j = 0; j < len; j++) {
      const off = (packed[j] as number) % m;
      docTerm[start + j] = raw.ids[start + off] as number;
      w2[j] = docW[start + off] as number;
    }
    docW.set(w2, start);
  }
  // Postings.
  const termPtr = new Int32Array(terms + 1);
  for (let j = 0; j < nnz; j++) termPtr[(docTerm[j] as number) + 1] = (termPtr[(docTerm[j] as number) + 1] as number) + 1;
  for (let t = 0; t < terms; t++) termPtr[t + 1] = (termPtr[t + 1] as number) + (termPtr[t] as number);
  const fill = termPtr.slice(0, terms);
  const postDoc = new Int32Array(nnz);
  const postW = new Float32Array(nnz);
  for (let d = 0; d < n; d++) {
    for (let j = docPtr[d] as number; j < (docPtr[d + 1] as number); j++) {
      const t = docTerm[j] as number;
      const at = fill[t] as number;
      postDoc[at] = d;
      postW[at] = docW[j] as number;
      fill[t] = at + 1;
    }
  }
  return { docs: n, terms, df, docPtr, docTerm, docW, termPtr, postDoc, postW };
}

/** Term ids for keys of any kind (words, packed n-grams), in first-seen order. */
export class Interner {
  private strings = new Map<string, number>();
  private numbers = new Map<number, number>();
  size = 0;
  id(key: string | number): number {
    const map = (typeof key === "string" ? this.strings : this.numbers) as Map<string | number, number>;
    let id = map.get(key);
    if (id === undefined) {
      id = this.size++;
      map.set(key, id);
    }
    return id;
  }
}

/** Cosine of documents x and y (a merge of their sorted rows). */
export function sparseCosine(ix: SparseIndex, x: number, y: number): number {
  let i = ix.docPtr[x] as number;
  const iEnd = ix.docPtr[x + 1] as number;
  let j = ix.docPtr[y] as number;
  const jEnd = ix.docPtr[y + 1] as number;
  let s = 0;
  while (i < iEnd && j < jEnd) {
    const a = ix.docTerm[i] as number;
    const b = ix.docTerm[j] as number;
    if (a === b) s += (ix.docW[i++] as number) * (ix.docW[j++] as number);
    else if (a < b) i++;
    else j++;
  }
  return s;
}

export interface SearchOptions {
  k: number;
  /** Terms in more documents than this are not used to gather candidates (Infinity: exact search). */
  maxDf: number;
  /** Candidates (by their partial score) scored exactly over all terms; ignored when the search is exact. */
  rescore: number;
  /** Partners to leave out (besides the document itself), e.g. those already linked. */
  exclude?: (doc: number, other: number) => boolean;
  /** Only scores above this are kept. */
  minScore?: number;
}

/** A reusable searcher: scratch buffers sized for the index, so a search allocates little. */
export function createSearcher(ix: SparseIndex) {
  const acc = new Float32Array(ix.docs);
  const touched = new Int32Array(ix.docs);
  const dense = new Float32Array(ix.terms);
  return function search(q: number, o: SearchOptions): Neighbour[] {
    let m = 0;
    const exact = o.maxDf === Infinity;
    const qStart = ix.docPtr[q] as number;
    const qEnd = ix.docPtr[q + 1] as number;
    for (let j = qStart; j < qEnd; j++) {
      const t = ix.docTerm[j] as number;
      if (!exact && (ix.df[t] as number) > o.maxDf) continue;
      const wq = ix.docW[j] as number;
      for (let p = ix.termPtr[t] as number, end = ix.termPtr[t + 1] as number; p < end; p++) {
        const d = ix.postDoc[p] as number;
        if (acc[d] === 0) touched[m++] = d;
        acc[d] = (acc[d] as number) + wq * (ix.postW[p] as number);
      }
    }
    // The best candidates by partial score (all of them when exact or few).
    const keep = exact ? o.k : Math.max(o.rescore, o.k);
    const heap = new TopK(keep);
    for (let i = 0; i < m; i++) {
      const d = touched[i] as number;
      const s = acc[d] as number;
      acc[d] = 0;
      if (d === q || (o.exclude && o.exclude(q, d))) continue;
      heap.offer(d, s);
    }
    let found = heap.drain();
    if (!exact) {
      for (let j = qStart; j < qEnd; j++) dense[ix.docTerm[j] as number] = ix.docW[j] as number;
      for (const nb of found) {
        let s = 0;
        for (let p = ix.docPtr[nb.doc] as number, end = ix.docPtr[nb.doc + 1] as number; p < end; p++) {
          s += (dense[ix.docTerm[p] as number] as number) * (ix.docW[p] as number);
        }
        nb.score = s;
      }
      for (let j = qStart; j < qEnd; j++) dense[ix.docTerm[j] as number] = 0;
    }
    found.sort(byScoreThenDoc);
    if (found.length > o.k) found = found.slice(0, o.k);
    if (o.minScore !== undefined) found = found.filter((nb) => nb.score > (o.minScore as number));
    return found;
  };
}

export const byScoreThenDoc = (x: Neighbour, y: Neighbour) => y.score - x.score || x.doc - y.doc;

/** A bounded min-heap keeping the `size` best (score, then smaller doc) of what it is offered. */
export class TopK {
  private docs: Int32Array;
  private scores: Float64Array;
  private n = 0;
  constructor(private readonly size: number) {
    this.docs = new Int32Array(size);
    this.scores = new Float64Array(size);
  }

  /** x is worse than y: lower score, or the same score and a larger doc. */
  private worse(i: number, j: number): boolean {
    const a = this.scores[i] as number;
    const b = this.scores[j] as number;
    return a < b || (a === b && (this.docs[i] as number) > (this.docs[j] as number));
  }

  offer(doc: number, score: number): void {
    if (this.n < this.size) {
      this.docs[this.n] = doc;
      this.scores[this.n] = score;
      this.up(this.n++);
      return;
    }
    const top = this.scores[0] as number;
    if (score < top || (score === top && doc > (this.docs[0] as number))) return;
    this.docs[0] = doc;
    this.scores[0] = score;
    this.down(0);
  }

  drain(): Neighbour[] {
    const out: Neighbour[] = [];
    for (let i = 0; i < this.n; i++) out.push({ doc: this.docs[i] as number, score: this.scores[i] as number });
    this.n = 0;
    return out;
  }

  private swap(i: number, j: number) {
    const d = this.docs[i] as number;
    const s = this.scores[i] as number;
    this.docs[i] = this.docs[j] as number;
    this.scores[i] = this.scores[j] as number;
    this.docs[j] = d;
    this.scores[j] = s;
  }

  private up(i: number) {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(i, p)) return;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number) {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < this.n && this.worse(l, w)) w = l;
      if (r < this.n && this.worse(r, w)) w = r;
      if (w === i) return;
      this.swap(i, w);
      i = w;
    }
  }
}
