// The signals of candidate pairs, and the pool each entity's candidates are
// drawn from. Pure and synchronous; built for 100k entities: typed arrays,
// scratch buffers reused across queries (stamped, never cleared), no object
// per candidate.
//
// Pool of an entity q (pairs already linked or decided are left out):
//   lexical   its nearest texts (exact sparse TF-IDF, sparse.ts);
//   dense     its nearest embeddings, when a sentence model is configured;
//   mention   entities named in its text, and those whose text names it;
//   structure partners two typed hops away, by resource allocation (RA, Σ
//             1/deg z over shared neighbours z: the local link predictor that
//             discounts hubs hardest; Zhou, Lü & Zhang 2009);
//   vote      partners linked to q's nearest texts ("entities like q are
//             linked to c"): structure through similarity, which also finds
//             partners that share no words with q.
// Every feature is symmetric in (q, c), so a pair scores the same whichever
// side proposed it, and the global queue is the union of the lists.
import type { EmbeddingInput } from "../kernel/entity-text";
import { buildMentions, type MentionIndex } from "./mentions";
import { createSearcher, type SparseIndex } from "./sparse";
import { buildAdjacency, degree, type Adjacency } from "./structure";
import { buildLexicalIndex } from "./terms";
import { tokenize } from "./tokens";

/**
 * Pool size per signal; every entity's lexical list is LIST long (ranks and
 * votes read it). Measured on WN18RR (test links, recall@20 of the fused
 * lists): 15 per signal 0.613, 20 → 0.621, 30 → 0.621, 40 → 0.618, while the
 * cost grows with the pool; so 20.
 */
export const POOL = { lexical: 20, structure: 20, mention: 20, vote: 20, dense: 20 } as const;
export const LIST = 50;
/** Nearest texts whose typed neighbours get a vote. */
export const VOTERS = 10;
/** Neighbours with more typed edges are not walked through: 10,000 neighbours make 10^8 pairs, each told ~1/10,000. */
export const HUB_CAP = 1000;
/** Sparse search: terms in more texts than this gather no candidates; the best RESCORE are scored over all terms. */
export const LEXICAL_MAX_DF = (n: number) => Math.max(500, Math.round(0.01 * n));
export const LEXICAL_RESCORE = 80;
/** Mentions: phrases naming more entities, or in more texts, are too ambiguous or common. */
export const MENTION_MAX_NAMED = 50;
export const MENTION_MAX_DF = (n: number) => Math.max(200, Math.round(0.02 * n));

export const BASE_FEATURES = ["lexical", "lexicalRank", "mention", "mentionAmbiguity", "shared", "resourceAllocation", "vote", "degree", "degreeGap", "kindPrior"] as const;
export const DENSE_FEATURES = ["dense", "denseRank"] as const;
/** Positions of the features the queue shows as signals. */
const F = { lexical: 0, mention: 2, shared: 4, resourceAllocation: 5, vote: 6, dense: 10 } as const;

export interface Signals {
  lexical: number;
  dense: number | null;
  mention: number;
  shared: number;
  resourceAllocation: number;
  vote: number;
}

/** Reads the displayed signals back from a feature row. */
export function signalsOf(x: ArrayLike<number>, withDense: boolean): Signals {
  return {
    lexical: x[F.lexical] as number,
    dense: withDense ? (x[F.dense] as number) : null,
    mention: x[F.mention] as number,
    shared: Math.round(Math.expm1(x[F.shared] as number)),
    resourceAllocation: x[F.resourceAllocation] as number,
    vote: x[F.vote] as number,
  };
}

/** Nearest neighbours and cosines from a sentence model (vectors in memory, neighbours from the vector index). */
export interface DenseSignal {
  neighbours(q: number): { doc: number; score: number }[];
  cosine(a: number, b: number): number | null;
}

/** What the text says, independent of the typed edges: the sparse index, each entity's nearest texts, mentions. */
export interface TextSignals {
  n: number;
  index: SparseIndex;
  /** q's nearest texts, best first (computed on first use): length, then docs and cosines at q·LIST. */
  lexical(q: number): number;
  lexDoc: Int32Array;
  lexScore: Float32Array;
  mentions: MentionIndex;
}

export function buildTextSignals(docs: EmbeddingInput[], onPhase?: (phase: string, done: number, total: number) => void): TextSignals {
  const n = docs.length;
  const corpus = tokenize(docs);
  onPhase?.("tokenized", n, n);
  const index = buildLexicalIndex(corpus);
  onPhase?.("indexed", n, n);
  const search = createSearcher(index);
  const lexLen = new Int16Array(n).fill(-1);
  const lexDoc = new Int32Array(n * LIST);
  const lexScore = new Float32Array(n * LIST);
  const options = { k: LIST, maxDf: LEXICAL_MAX_DF(n), rescore: LEXICAL_RESCORE, minScore: 0 };
  const lexical = (q: number): number => {
    let len = lexLen[q] as number;
    if (len < 0) {
      const found = search(q, options);
      len = found.length;
      for (let i = 0; i < len; i++) {
        lexDoc[q * LIST + i] = (found[i] as { doc: number }).doc;
        lexScore[q * LIST + i] = (found[i] as { score: number }).score;
      }
      lexLen[q] = len;
    }
    return len;
  };
  const mentions = buildMentions(corpus, { maxNamed: MENTION_MAX_NAMED, maxDf: MENTION_MAX_DF(n) });
  onPhase?.("mentions", n, n);
  return { n, index, lexical, lexDoc, lexScore, mentions };
}

/** Everything the features read of the typed edges. */
export interface GraphSignals {
  graph: Adjacency;
  /** Kind index per entity and the log density of edges between two kinds (kinds × kinds). */
  kind: Int32Array;
  kinds: number;
  prior: Float64Array;
}

export function buildGraphSignals(n: number, kinds: string[], edges: ArrayLike<number>[]): GraphSignals {
  const graph = buildAdjacency(n, edges);
  const names = [...new Set(kinds)].sort();
  const at = new Map(names.map((k, i) => [k, i]));
  const kind = Int32Array.from(kinds, (k) => at.get(k) as number);
  const K = names.length;
  const count = new Float64Array(K);
  for (const k of kind) count[k] = (count[k] as number) + 1;
  const linked = new Float64Array(K * K);
  for (let a = 0; a < n; a++) {
    for (let p = graph.ptr[a] as number; p < (graph.ptr[a + 1] as number); p++) {
      const b = graph.nbr[p] as number;
      if (a < b) {
        const i = kind[a] as number;
        const j = kind[b] as number;
        linked[i * K + j] = (linked[i * K + j] as number) + 1;
        if (i !== j) linked[j * K + i] = (linked[j * K + i] as number) + 1;
      }
    }
  }
  const prior = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const pairs = i === j ? ((count[i] as number) * ((count[i] as number) - 1)) / 2 : (count[i] as number) * (count[j] as number);
      prior[i * K + j] = Math.log(((linked[i * K + j] as number) + 1) / (pairs + 1));
    }
  }
  return { graph, kind, kinds: K, prior };
}

export interface PoolRows {
  /** Candidates of the query, with their feature rows at c·features in `rows`. */
  count: number;
  docs: Int32Array;
  rows: Float64Array;
}

export interface Scorer {
  features: string[];
  /** Gathers q's pool and the feature row of every candidate (the buffers are reused by the next call). */
  pool(q: number): PoolRows;
}

/**
 * A scorer over text, graph and (optionally) dense signals. `skip(q, c)` says
 * which pairs are never candidates besides linked ones (curator decisions).
 */
export function createScorer(text: TextSignals, g: GraphSignals, dense: DenseSignal | undefined, skip?: (q: number, c: number) => boolean): Scorer {
  const n = text.n;
  const { graph } = g;
  const mx = text.mentions;
  const X = text.index;
  const features: string[] = dense ? [...BASE_FEATURES, ...DENSE_FEATURES] : [...BASE_FEATURES];
  const p = features.length;
  // Per-entity scratch, valid where its stamp is the current query's (never cleared).
  let stamp = 0;
  const inPool = new Int32Array(n);
  const isNbr = new Int32Array(n); // q's typed neighbours
  const raAt = new Int32Array(n);
  const ra = new Float64Array(n);
  const cn = new Float64Array(n);
  const voteAt = new Int32Array(n);
  const vote = new Float64Array(n);
  const rankAt = new Int32Array(n);
  const rank = new Float64Array(n); // 1 / rank of c in q's lexical list
  const outAt = new Int32Array(n);
  const out = new Int32Array(n); // position of q's mention of c
  const inAt = new Int32Array(n);
  const inc = new Int32Array(n); // position of c's mention of q
  const qTerms = new Float32Array(X.terms);
  let docs = new Int32Array(256);
  let rows = new Float64Array(256 * p);
  const found: number[] = [];
  const score = new Float64Array(n);
  let m = 0;
  let q = 0;

  function add(c: number) {
    if (c === q || inPool[c] === stamp || isNbr[c] === stamp || (skip && skip(q, c))) return;
    inPool[c] = stamp;
    if (m === docs.length) {
      const grown = new Int32Array(docs.length * 2);
      grown.set(docs);
      docs = grown;
    }
    docs[m++] = c;
  }

  /** Adds the best `limit` of `found` by `score` (ties: smaller id). */
  function addBest(limit: number) {
    if (found.length > limit) found.sort((x, y) => (score[y] as number) - (score[x] as number) || x - y);
    for (let i = 0; i < Math.min(found.length, limit); i++) add(found[i] as number);
  }

  function gather() {
    for (let r = graph.ptr[q] as number; r < (graph.ptr[q + 1] as number); r++) isNbr[graph.nbr[r] as number] = stamp;
    // Lexical.
    const len = text.lexical(q);
    for (let i = 0; i < len; i++) {
      const c = text.lexDoc[q * LIST + i] as number;
      rankAt[c] = stamp;
      rank[c] = 1 / (i + 1);
    }
    for (let i = 0; i < Math.min(len, POOL.lexical); i++) add(text.lexDoc[q * LIST + i] as number);
    // Mentions, both ways, best first.
    found.length = 0;
    for (let j = mx.ptr[q] as number; j < (mx.ptr[q + 1] as number); j++) {
      const c = mx.named[j] as number;
      outAt[c] = stamp;
      out[c] = j;
      score[c] = mx.weight[j] as number;
      found.push(c);
    }
    for (let j = mx.inPtr[q] as number; j < (mx.inPtr[q + 1] as number); j++) {
      const c = mx.inBy[j] as number;
      const at = mx.inAt[j] as number;
      inAt[c] = stamp;
      inc[c] = at;
      if (outAt[c] !== stamp) {
        score[c] = mx.weight[at] as number;
        found.push(c);
      } else score[c] = Math.max(score[c] as number, mx.weight[at] as number);
    }
    addBest(POOL.mention);
    // Structure: resource allocation and shared-neighbour counts through non-hub neighbours.
    found.length = 0;
    for (let r = graph.ptr[q] as number; r < (graph.ptr[q + 1] as number); r++) {
      const z = graph.nbr[r] as number;
      const dz = degree(graph, z);
      if (dz > HUB_CAP) continue;
      for (let t = graph.ptr[z] as number; t < (graph.ptr[z + 1] as number); t++) {
        const c = graph.nbr[t] as number;
        if (c === q) continue;
        if (raAt[c] !== stamp) {
          raAt[c] = stamp;
          ra[c] = 0;
          cn[c] = 0;
          if (isNbr[c] !== stamp) found.push(c);
        }
        ra[c] = (ra[c] as number) + 1 / dz;
        cn[c] = (cn[c] as number) + 1;
      }
    }
    for (const c of found) score[c] = ra[c] as number;
    addBest(POOL.structure);
    // Votes: typed neighbours of q's nearest texts.
    found.length = 0;
    for (let i = 0; i < Math.min(len, VOTERS); i++) {
      const v = text.lexDoc[q * LIST + i] as number;
      if (degree(graph, v) > HUB_CAP) continue;
      const s = text.lexScore[q * LIST + i] as number;
      for (let t = graph.ptr[v] as number; t < (graph.ptr[v + 1] as number); t++) {
        const c = graph.nbr[t] as number;
        if (voteAt[c] !== stamp) {
          voteAt[c] = stamp;
          vote[c] = 0;
          found.push(c);
        }
        vote[c] = (vote[c] as number) + s;
      }
    }
    for (const c of found) score[c] = vote[c] as number;
    addBest(POOL.vote);
    if (dense) {
      const list = dense.neighbours(q);
      for (let i = 0; i < Math.min(list.length, POOL.dense); i++) add((list[i] as { doc: number }).doc);
    }
  }

  // vote(c → q): Σ cosine(c, v) over c's nearest texts v that are typed neighbours of q.
  function voteInto(c: number) {
    const len = Math.min(text.lexical(c), VOTERS);
    let s = 0;
    for (let i = 0; i < len; i++) {
      const v = text.lexDoc[c * LIST + i] as number;
      if (isNbr[v] === stamp && degree(graph, v) <= HUB_CAP) s += text.lexScore[c * LIST + i] as number;
    }
    return s;
  }

  function rankOfIn(c: number) {
    const len = text.lexical(c);
    for (let i = 0; i < len; i++) if (text.lexDoc[c * LIST + i] === q) return 1 / (i + 1);
    return 0;
  }

  const denseRankIn = (list: { doc: number }[], doc: number) => {
    for (let i = 0; i < list.length; i++) if ((list[i] as { doc: number }).doc === doc) return 1 / (i + 1);
    return 0;
  };

  function featurize() {
    if (rows.length < m * p) rows = new Float64Array(m * p * 2);
    for (let j = X.docPtr[q] as number; j < (X.docPtr[q + 1] as number); j++) qTerms[X.docTerm[j] as number] = X.docW[j] as number;
    const dq = Math.log1p(degree(graph, q));
    const kq = (g.kind[q] as number) * g.kinds;
    const denseQ = dense ? dense.neighbours(q) : [];
    for (let i = 0; i < m; i++) {
      const c = docs[i] as number;
      const x = i * p;
      let lexical = 0;
      for (let j = X.docPtr[c] as number, end = X.docPtr[c + 1] as number; j < end; j++) lexical += (qTerms[X.docTerm[j] as number] as number) * (X.docW[j] as number);
      rows[x] = lexical;
      rows[x + 1] = Math.max(rankAt[c] === stamp ? (rank[c] as number) : 0, rankOfIn(c));
      const o = outAt[c] === stamp ? (out[c] as number) : -1;
      const ii = inAt[c] === stamp ? (inc[c] as number) : -1;
      const wOut = o < 0 ? 0 : (mx.weight[o] as number);
      const wIn = ii < 0 ? 0 : (mx.weight[ii] as number);
      const best = wOut >= wIn ? o : ii;
      rows[x + 2] = Math.max(wOut, wIn);
      rows[x + 3] = best < 0 ? 0 : Math.log(mx.ambiguity[best] as number);
      const reached = raAt[c] === stamp;
      rows[x + 4] = reached ? Math.log1p(cn[c] as number) : 0;
      rows[x + 5] = reached ? (ra[c] as number) : 0;
      rows[x + 6] = (voteAt[c] === stamp ? (vote[c] as number) : 0) + voteInto(c);
      const dc = Math.log1p(degree(graph, c));
      rows[x + 7] = dq + dc;
      rows[x + 8] = Math.abs(dq - dc);
      rows[x + 9] = g.prior[kq + (g.kind[c] as number)] as number;
      if (dense) {
        rows[x + 10] = dense.cosine(q, c) ?? 0;
        rows[x + 11] = Math.max(denseRankIn(denseQ, c), denseRankIn(dense.neighbours(c), q));
      }
    }
    for (let j = X.docPtr[q] as number; j < (X.docPtr[q + 1] as number); j++) qTerms[X.docTerm[j] as number] = 0;
  }

  return {
    features,
    pool(query: number): PoolRows {
      stamp++;
      q = query;
      m = 0;
      gather();
      featurize();
      return { count: m, docs, rows };
    },
  };
}
