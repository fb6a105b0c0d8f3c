// The global candidate queue (/candidates, GET /api/candidates, npm run
// candidates): the union of every entity's ranked list, best fused score
// first, each pair once, with its signals and a "why this pair" line.
//
// Paging without reading the whole queue: every entity stores the best score
// among the pairs it owns (queueTop, indexed). Entities are walked in that
// order; once the walk is past score s, every pair scoring above s has been
// seen, so a page needs only as many entities as it has pairs above it. The
// total (a pass over the owners) is kept per graph version and filter, so
// paging through a queue recounts nothing.
import { z } from "zod";
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { graphVersion } from "../page-cache/version";
import { adamicAdar } from "./adamic-adar";
import { fromColumns, owned, SIGNALS, type Entry } from "./lists";
import { explain, pairCosine, toSignals, type PairSignals } from "./explain";
import { CALIBRATION_BIAS } from "./terms";

export const CANDIDATE_PAGE_SIZE = 25;

const Kind = z.string().regex(/^[a-z][a-z0-9_]*$/, "not a kind").optional();

export const CandidateQuerySchema = z.object({
  kindA: Kind,
  kindB: Kind,
  /** Lowest fused score shown (0..1). */
  minScore: z.coerce.number().min(0).max(1).optional(),
  /** Lowest cosine shown (the similarity provider's: calibrated lexical, or the sentence model's). */
  minCosine: z.coerce.number().min(0).max(1).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});
export type CandidateQuery = z.input<typeof CandidateQuerySchema>;

export interface CandidateEntity {
  id: string;
  kind: string;
  name: string;
  description: string | null;
}

export interface QueuedPair {
  /** The smaller id first. */
  a: string;
  b: string;
  score: number;
  /** Rank of the pair in a's list and in b's list (null: not in that list). */
  rankA: number | null;
  rankB: number | null;
  signals: PairSignals;
}

export interface Candidate extends Omit<QueuedPair, "a" | "b"> {
  a: CandidateEntity;
  b: CandidateEntity;
  cosine: number;
  /** The short "why this pair" line. */
  why: string;
  adamicAdar: number;
  shared: { id: string; name: string; kind: string; degree: number }[];
}

export interface CandidatePage {
  filters: { kindA: string | null; kindB: string | null; minScore: number; minCosine: number };
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  candidates: Candidate[];
}

interface Filters {
  kindA: string | null;
  kindB: string | null;
  minScore: number;
  minCosine: number;
}

/** Owners in queue order, after (below, after) in (queueTop desc, id asc). Owner kinds narrow only when both kinds are given. */
export const QUEUE_OWNERS = `
MATCH (e:Entity)
WHERE e.queueTop >= $minScore AND (e.queueTop < $below OR (e.queueTop = $below AND e.id > $after))
  AND ($kinds IS NULL OR e.kind IN $kinds)
WITH e ORDER BY e.queueTop DESC, e.id LIMIT $batch
RETURN e.id AS id, e.kind AS kind, e.queueTop AS top, e.candidateIds AS candidateIds, e.candidateKinds AS candidateKinds,
       e.candidateScores AS candidateScores, e.candidateRanks AS candidateRanks,
       e.candidatePartnerRanks AS candidatePartnerRanks, e.candidateSignals AS candidateSignals`;

const kindsOf = (f: Filters) => (f.kindA && f.kindB ? [...new Set([f.kindA, f.kindB])] : null);

/** Whether an owned entry passes the filters (kinds in either orientation). */
function passes(f: Filters, ownerKind: string, e: Entry): boolean {
  if (e.score < f.minScore) return false;
  if (f.minCosine > 0 && pairCosine(toSignals(e.signals)) < f.minCosine) return false;
  const k = [ownerKind, e.kind];
  if (f.kindA && f.kindB) return (k[0] === f.kindA && k[1] === f.kindB) || (k[0] === f.kindB && k[1] === f.kindA);
  if (f.kindA) return k.includes(f.kindA);
  if (f.kindB) return k.includes(f.kindB);
  return true;
}

function queued(owner: string, e: Entry): QueuedPair {
  const mine = owner < e.id;
  const partnerRank = e.partnerRank || null;
  return {
    a: mine ? owner : e.id,
    b: mine ? e.id : owner,
    score: e.score,
    rankA: mine ? e.rank : partnerRank,
    rankB: mine ? partnerRank : e.rank,
    signals: toSignals(e.signals),
  };
}

const byScore = (x: QueuedPair, y: QueuedPair) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0);

/**
 * The queue's pairs from `offset`, at most `limit` (Infinity: all), best
 * first. `onBatch` reports owners read (the CLI's progress).
 */
export async function queuePairs(f: Filters, offset: number, limit: number, onBatch?: (owners: number) => void): Promise<QueuedPair[]> {
  const need = offset + limit;
  let below = 2;
  let after = "";
  let batch = 64;
  let read = 0;
  const pending: QueuedPair[] = [];
  const done: QueuedPair[] = [];
  for (;;) {
    const rows = await readQuery(QUEUE_OWNERS, { minScore: f.minScore, below, after, kinds: kindsOf(f), batch: cypherInt(batch) });
    read += rows.length;
    onBatch?.(read);
    for (const r of rows) {
      const id = String(r.id);
      const kind = String(r.kind);
      for (const e of fromColumns(r)) if (owned(id, e) && passes(f, kind, e)) pending.push(queued(id, e));
    }
    const last = rows[rows.length - 1];
    const exhausted = rows.length < batch;
    if (last) {
      below = Number(last.top);
      after = String(last.id);
    }
    // Everything above the walk's position is final: no unread owner has a pair scoring higher.
    let kept = 0;
    for (const p of pending) {
      if (exhausted || p.score > below) done.push(p);
      else pending[kept++] = p;
    }
    pending.length = kept;
    if (exhausted || done.length >= need) break;
    batch = Math.min(batch * 2, 4096);
  }
  done.sort(byScore);
  return done.slice(offset, limit === Infinity ? undefined : offset + limit);
}

/** How many pairs pass the filters: one pass over the owners, in Cypher. */
export const COUNT_QUEUE = `
MATCH (e:Entity)
WHERE e.queueTop >= $minScore AND ($kinds IS NULL OR e.kind IN $kinds)
WITH e, e.candidateIds AS ids, e.candidateKinds AS ks, e.candidateScores AS ss, e.candidatePartnerRanks AS pr, e.candidateSignals AS sig
RETURN sum(size([i IN range(0, size(ids) - 1)
  WHERE (pr[i] = 0 OR e.id < ids[i]) AND ss[i] >= $minScore
    AND ($kindA IS NULL OR $kindB IS NULL OR (e.kind = $kindA AND ks[i] = $kindB) OR (e.kind = $kindB AND ks[i] = $kindA))
    AND ($kindA IS NULL OR $kindB IS NOT NULL OR e.kind = $kindA OR ks[i] = $kindA)
    AND ($kindB IS NULL OR $kindA IS NOT NULL OR e.kind = $kindB OR ks[i] = $kindB)
    AND ($minCosine <= 0 OR (CASE WHEN sig[i * $width + 1] >= 0 THEN sig[i * $width + 1] ELSE $bias + (1 - $bias) * sig[i * $width] END) >= $minCosine)
])) AS total`;

const counts = new Map<string, Promise<number>>();
const KEPT_COUNTS = 16;

async function countQueue(f: Filters): Promise<number> {
  const key = `${await graphVersion()}|${JSON.stringify(f)}`;
  let n = counts.get(key);
  if (!n) {
    n = readQuery(COUNT_QUEUE, {
      minScore: f.minScore, kinds: kindsOf(f), kindA: f.kindA, kindB: f.kindB, minCosine: f.minCosine,
      width: cypherInt(SIGNALS.length), bias: CALIBRATION_BIAS,
    }).then(([r]) => toCount(r?.total));
    counts.set(key, n);
    n.catch(() => counts.delete(key));
    while (counts.size > KEPT_COUNTS) counts.delete(counts.keys().next().value as string);
  }
  return n;
}

/** Names, kinds and descriptions of the page's entities, and the typed neighbours each pair shares. */
export const PAGE_DETAILS = `
UNWIND $pairs AS p
MATCH (x:Entity {id: p.a}), (y:Entity {id: p.b})
WITH p, x, y,
     [(x)-[r]-(n:Entity) WHERE NOT r:SIMILAR_TO | n] AS xn,
     [(y)-[r]-(n:Entity) WHERE NOT r:SIMILAR_TO | n] AS yn
WITH p, x, y, [n IN xn WHERE n IN yn AND n <> x AND n <> y] AS sharedList
RETURN p.a AS a, p.b AS b, x {.id, .kind, .name, .description, .status} AS x, y {.id, .kind, .name, .description, .status} AS y,
       [z IN sharedList | {id: z.id, name: z.name, kind: z.kind, degree: COUNT { (z)--() } - COUNT { (z)-[:SIMILAR_TO]-() }}] AS shared`;

const entity = (v: unknown): CandidateEntity => {
  const o = v as Record<string, unknown>;
  return { id: String(o.id), kind: String(o.kind), name: String(o.name), description: o.description == null ? null : String(o.description) };
};

/** Adds names, descriptions, shared neighbours and the explanation to queued pairs (dropping any whose entity was merged meanwhile). */
export async function describePairs(pairs: QueuedPair[]): Promise<Candidate[]> {
  if (pairs.length === 0) return [];
  const rows = await readQuery(PAGE_DETAILS, { pairs: pairs.map((p) => ({ a: p.a, b: p.b })) });
  const byPair = new Map(rows.map((r) => [`${r.a}|${r.b}`, r]));
  const out: Candidate[] = [];
  for (const p of pairs) {
    const r = byPair.get(`${p.a}|${p.b}`);
    if (!r) continue;
    const x = r.x as Record<string, unknown>;
    const y = r.y as Record<string, unknown>;
    if (x.status === "merged" || y.status === "merged") continue;
    const shared = (Array.isArray(r.shared) ? r.shared : [])
      .map((s) => {
        const o = s as Record<string, unknown>;
        return { id: String(o.id), name: String(o.name), kind: String(o.kind), degree: toCount(o.degree) };
      })
      .sort((m, n) => m.degree - n.degree || m.name.localeCompare(n.name));
    const a = entity(x);
    const b = entity(y);
    out.push({ ...p, a, b, cosine: pairCosine(p.signals), why: explain(p.signals, shared.map((s) => s.name)), adamicAdar: adamicAdar(shared.map((s) => s.degree)), shared });
  }
  return out;
}

export async function listCandidates(query: CandidateQuery = {}): Promise<CandidatePage> {
  const q = CandidateQuerySchema.parse(query);
  const f: Filters = { kindA: q.kindA ?? null, kindB: q.kindB ?? null, minScore: q.minScore ?? 0, minCosine: q.minCosine ?? 0 };
  const offset = (q.page - 1) * CANDIDATE_PAGE_SIZE;
  const [total, pairs] = await Promise.all([countQueue(f), queuePairs(f, offset, CANDIDATE_PAGE_SIZE)]);
  return {
    filters: f,
    total,
    page: q.page,
    pages: Math.max(1, Math.ceil(total / CANDIDATE_PAGE_SIZE)),
    pageSize: CANDIDATE_PAGE_SIZE,
    candidates: await describePairs(pairs),
  };
}
