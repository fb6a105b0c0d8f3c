// The global candidate queue (/candidates, GET /api/candidates, npm run
// candidates, the evaluation): the union of every entity's ranked list, best
// fused score first, each pair once, with its signals and a "why this pair".
//
// The queue is held in memory, per process, and kept current by following
// the change log every list-writing transaction appends (store.ts): a request
// costs one read of the log's sequence number; when lists changed, only
// those entities' lists are read again and their pairs replaced (sorted.ts).
// So paging, filtering and counting never re-read the whole queue, and any
// writer in any process is seen on the next request, as with the page cache.
// Measured on the 100k synthetic graph's 2M open pairs: reading and sorting
// everything takes ~17 s (once per process, and after a full run); a page
// 3–30 ms, one right after a curator's decision 15–30 ms. (A walk over
// entities by a stored best score, tried first, took 0.4–3 s a page.)
import { z } from "zod";
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { adamicAdar } from "./adamic-adar";
import { explain, pairCosine, toSignals, type PairSignals } from "./explain";
import { fromColumns, owned, type Entry } from "./lists";
import { HUB_CAP } from "./signals";
import { SortedChunks } from "./sorted";
import { LIST_COLUMNS } from "./store";

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
  /** The entity whose stored list holds the pair for the queue (lists.ts owned()). */
  owner: string;
  /** The smaller id first. */
  a: string;
  b: string;
  kindA: string;
  kindB: string;
  score: number;
  /** Rank of the pair in a's list and in b's list (null: not in that list). */
  rankA: number | null;
  rankB: number | null;
  signals: PairSignals;
}

export interface Candidate extends Omit<QueuedPair, "a" | "b" | "owner"> {
  a: CandidateEntity;
  b: CandidateEntity;
  cosine: number;
  /** The short "why this pair" line. */
  why: string;
  adamicAdar: number;
  shared: { id: string; name: string; kind: string; degree: number }[];
}

export interface QueueFilters {
  kindA: string | null;
  kindB: string | null;
  minScore: number;
  minCosine: number;
}

export interface CandidatePage {
  filters: QueueFilters;
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  candidates: Candidate[];
}

export const NO_FILTERS: QueueFilters = { kindA: null, kindB: null, minScore: 0, minCosine: 0 };

/** Whether a pair passes the filters (kinds in either orientation). */
export function passes(f: QueueFilters, p: QueuedPair): boolean {
  if (p.score < f.minScore) return false;
  if (f.minCosine > 0 && pairCosine(p.signals) < f.minCosine) return false;
  if (f.kindA && f.kindB) return (p.kindA === f.kindA && p.kindB === f.kindB) || (p.kindA === f.kindB && p.kindB === f.kindA);
  if (f.kindA) return p.kindA === f.kindA || p.kindB === f.kindA;
  if (f.kindB) return p.kindA === f.kindB || p.kindB === f.kindB;
  return true;
}

/** The pairs an owner contributes: its entries it owns (lists.ts owned()), oriented smaller id first. */
export function ownedPairs(owner: string, kind: string, list: Entry[]): QueuedPair[] {
  return list
    .filter((e) => owned(owner, e))
    .map((e) => {
      const mine = owner < e.id;
      const partnerRank = e.partnerRank || null;
      return {
        owner,
        a: mine ? owner : e.id,
        b: mine ? e.id : owner,
        kindA: mine ? kind : e.kind,
        kindB: mine ? e.kind : kind,
        score: e.score,
        rankA: mine ? e.rank : partnerRank,
        rankB: mine ? partnerRank : e.rank,
        signals: toSignals(e.signals),
      };
    });
}

export const byScore = (x: QueuedPair, y: QueuedPair) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0);

export const QUEUE_SEQ = "OPTIONAL MATCH (q:QueueLog {id: 'candidates'}) RETURN coalesce(q.seq, 0) AS seq, q.epoch AS epoch";
export const QUEUE_CHANGES = "MATCH (c:QueueChange) WHERE c.seq > $since RETURN c.seq AS seq, c.ids AS ids ORDER BY seq";
export const ALL_OWNERS = `
MATCH (e:Entity) WHERE e.candidateIds IS NOT NULL AND size(e.candidateIds) > 0 AND coalesce(e.status, 'active') <> 'merged'
RETURN e.id AS id, e.kind AS kind, ${LIST_COLUMNS("e")}`;
/** Redirects left by merges: a list may still name one (a lister the merge did not know of); such pairs are left out. */
export const MERGED_IDS = "MATCH (e:Entity) WHERE e.status = 'merged' RETURN e.id AS id";
export const SOME_OWNERS = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.kind AS kind, coalesce(e.status, 'active') = 'merged' AS merged, ${LIST_COLUMNS("e")}`;

interface Snapshot {
  epoch: string | null;
  seq: number;
  /** Every pair, best first. */
  pairs: SortedChunks<QueuedPair>;
  /** The pairs each entity owns, and the pairs at each end: what a change replaces, without a scan. */
  byOwner: Map<string, QueuedPair[]>;
  byEnd: Map<string, Set<QueuedPair>>;
  /** Filtered views, by filter: kept current by the same patches. */
  views: Map<string, { filter: QueueFilters; pairs: SortedChunks<QueuedPair> }>;
}

let snapshot: Snapshot | null = null;
let syncing: Promise<Snapshot> | null = null;

/** Pairs of the given owners' lists, each pair once, none naming a redirect. */
function collect(rows: Record<string, unknown>[], merged: Set<string>, into: QueuedPair[], seen: Set<string>): void {
  for (const r of rows) {
    if (r.merged === true) continue;
    for (const p of ownedPairs(String(r.id), String(r.kind), fromColumns(r as never))) {
      const key = `${p.a}|${p.b}`;
      if (merged.has(p.a) || merged.has(p.b) || seen.has(key)) continue;
      seen.add(key);
      into.push(p);
    }
  }
}

function addTo(m: Map<string, QueuedPair[]>, k: string, p: QueuedPair): void {
  const list = m.get(k);
  if (list) list.push(p);
  else m.set(k, [p]);
}

function index(pairs: QueuedPair[], byOwner: Map<string, QueuedPair[]>, byEnd: Map<string, Set<QueuedPair>>): void {
  const end = (k: string, p: QueuedPair) => {
    const set = byEnd.get(k);
    if (set) set.add(p);
    else byEnd.set(k, new Set([p]));
  };
  for (const p of pairs) {
    addTo(byOwner, p.owner, p);
    end(p.a, p);
    end(p.b, p);
  }
}

async function rebuild(epoch: string | null, seq: number, onOwners?: (n: number) => void): Promise<Snapshot> {
  const pairs: QueuedPair[] = [];
  const merged = new Set((await readQuery(MERGED_IDS)).map((r) => String(r.id)));
  const rows = await readQuery(ALL_OWNERS);
  onOwners?.(rows.length);
  collect(rows, merged, pairs, new Set());
  pairs.sort(byScore);
  const snap: Snapshot = { epoch, seq, pairs: new SortedChunks(byScore, pairs), byOwner: new Map(), byEnd: new Map(), views: new Map() };
  index(pairs, snap.byOwner, snap.byEnd);
  return snap;
}

/**
 * Replaces the pairs owned by the entities whose lists changed (read again),
 * and drops pairs naming a redirect, in the queue and in every filtered view:
 * a few removals and insertions in sorted chunks (sorted.ts), found through
 * the indexes. Measured on the 2M-pair queue of the 100k graph: a decision's
 * patch took ~0.6 s as one merge of two sorted arrays, far less as this.
 */
async function patch(base: Snapshot, seq: number, ids: Set<string>): Promise<Snapshot> {
  const rows: Record<string, unknown>[] = [];
  const list = [...ids];
  for (let i = 0; i < list.length; i += 5000) rows.push(...(await readQuery(SOME_OWNERS, { ids: list.slice(i, i + 5000) })));
  const merged = new Set(rows.filter((r) => r.merged === true).map((r) => String(r.id)));
  const dead = new Set<QueuedPair>();
  for (const id of ids) for (const p of base.byOwner.get(id) ?? []) dead.add(p);
  for (const id of merged) for (const p of base.byEnd.get(id) ?? []) dead.add(p);
  // A fresh pair must not repeat a live one, which only its other end can own. (Looking there,
  // not at every pair touching a changed entity: a hub is in tens of thousands of pairs.)
  const live = (p: QueuedPair) => {
    const other = p.owner === p.a ? p.b : p.a;
    return (base.byOwner.get(other) ?? []).some((q) => q.a === p.a && q.b === p.b && !dead.has(q));
  };
  const collected: QueuedPair[] = [];
  collect(rows, merged, collected, new Set());
  const fresh = collected.filter((p) => !live(p));
  // The snapshot moves on in place: the old one is not read again.
  const views = [base.pairs, ...[...base.views.values()].map((v) => v.pairs)];
  const filters = [null, ...[...base.views.values()].map((v) => v.filter)];
  for (const p of dead) views.forEach((v, i) => (filters[i] === null || passes(filters[i] as QueueFilters, p)) && v.remove(p));
  for (const p of fresh) views.forEach((v, i) => (filters[i] === null || passes(filters[i] as QueueFilters, p)) && v.insert(p));
  for (const id of ids) base.byOwner.delete(id);
  for (const id of merged) base.byEnd.delete(id);
  for (const p of dead) {
    base.byEnd.get(p.a)?.delete(p);
    base.byEnd.get(p.b)?.delete(p);
  }
  index(fresh, base.byOwner, base.byEnd);
  return { ...base, seq };
}

async function sync(onOwners?: (n: number) => void): Promise<Snapshot> {
  const [row] = await readQuery(QUEUE_SEQ);
  const seq = toCount(row?.seq);
  const epoch = row?.epoch == null ? null : String(row.epoch);
  const base = snapshot && snapshot.epoch === epoch ? snapshot : null;
  if (base && base.seq === seq) return base;
  let next: Snapshot;
  if (!base || base.seq > seq) next = await rebuild(epoch, seq, onOwners);
  else {
    const changes = await readQuery(QUEUE_CHANGES, { since: cypherInt(base.seq) });
    const complete = changes.length === seq - base.seq && changes.every((c, i) => toCount(c.seq) === base.seq + i + 1);
    if (!complete || changes.some((c) => c.ids === null)) next = await rebuild(epoch, seq, onOwners);
    else {
      const ids = new Set<string>();
      for (const c of changes) for (const id of c.ids as string[]) ids.add(id);
      next = await patch(base, seq, ids);
    }
  }
  // A slower sync that finished after a newer one must not put older data back.
  if (!snapshot || snapshot.epoch !== next.epoch || next.seq >= snapshot.seq) snapshot = next;
  return next;
}

/** Every list read and the queue sorted afresh (what serving a page cost before the change log; benchmarks compare). */
export async function readWholeQueue(): Promise<QueuedPair[]> {
  return (await rebuild(null, 0)).pairs.toArray();
}

/** The queue as of the last committed list change (one read when nothing changed). */
export async function currentQueue(onOwners?: (n: number) => void): Promise<Snapshot> {
  syncing ??= sync(onOwners).finally(() => {
    syncing = null;
  });
  return syncing;
}

/** The pairs passing `f`, best first (kept per filter and patched with the queue). */
async function view(f: QueueFilters, onOwners?: (n: number) => void): Promise<SortedChunks<QueuedPair>> {
  const q = await currentQueue(onOwners);
  if (!f.kindA && !f.kindB && f.minScore <= 0 && f.minCosine <= 0) return q.pairs;
  const key = JSON.stringify(f);
  let v = q.views.get(key);
  if (!v) {
    v = { filter: f, pairs: new SortedChunks(byScore, q.pairs.toArray().filter((p) => passes(f, p))) };
    q.views.set(key, v);
    while (q.views.size > 16) q.views.delete(q.views.keys().next().value as string);
  }
  return v.pairs;
}

/** Every pair passing `f`, best first. */
export async function queuePairs(f: QueueFilters = NO_FILTERS, onOwners?: (n: number) => void): Promise<QueuedPair[]> {
  return (await view(f, onOwners)).toArray();
}

/**
 * Names, kinds and descriptions of the page's entities, and the typed
 * neighbours each pair shares (at most SHARED_SHOWN), walked from the side
 * with fewer edges. Hubs (more than HUB_CAP edges) are not counted as shared,
 * as in the structure signal: intersecting both neighbour lists made a page
 * next to a 12,000-neighbour hub take seconds on the 100k graph, and checking
 * a hub's edges for the other end still took ~85 ms a page.
 */
export const PAGE_DETAILS = `
UNWIND $pairs AS p
MATCH (x:Entity {id: p.a}), (y:Entity {id: p.b})
WITH p, x, y, COUNT { (x)--() } <= COUNT { (y)--() } AS fromX
CALL (x, y, fromX) {
  WITH CASE WHEN fromX THEN x ELSE y END AS s, CASE WHEN fromX THEN y ELSE x END AS t
  OPTIONAL MATCH (s)-[r]-(z:Entity)
  WHERE NOT r:SIMILAR_TO AND z <> t AND COUNT { (z)--() } <= $hubCap AND EXISTS { (z)-[r2]-(t) WHERE NOT r2:SIMILAR_TO }
  WITH DISTINCT z LIMIT $sharedShown
  RETURN collect({id: z.id, name: z.name, kind: z.kind, degree: COUNT { (z)--() } - COUNT { (z)-[:SIMILAR_TO]-() }}) AS shared
}
RETURN p.a AS a, p.b AS b, x {.id, .kind, .name, .description, .status} AS x, y {.id, .kind, .name, .description, .status} AS y, shared`;
/** Shared neighbours read per pair: the line shows three, Adamic–Adar sums these. */
export const SHARED_SHOWN = 200;

const entity = (v: unknown): CandidateEntity => {
  const o = v as Record<string, unknown>;
  return { id: String(o.id), kind: String(o.kind), name: String(o.name), description: o.description == null ? null : String(o.description) };
};

/** Adds names, descriptions, shared neighbours and the explanation to queued pairs (dropping any whose entity was merged meanwhile). */
export async function describePairs(pairs: QueuedPair[]): Promise<Candidate[]> {
  if (pairs.length === 0) return [];
  const rows = await readQuery(PAGE_DETAILS, { pairs: pairs.map((p) => ({ a: p.a, b: p.b })), sharedShown: cypherInt(SHARED_SHOWN), hubCap: cypherInt(HUB_CAP) });
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
    const { a: _a, b: _b, owner: _owner, ...rest } = p;
    out.push({ ...rest, a: entity(x), b: entity(y), cosine: pairCosine(p.signals), why: explain(p.signals, shared.map((s) => s.name)), adamicAdar: adamicAdar(shared.map((s) => s.degree)), shared });
  }
  return out;
}

export async function listCandidates(query: CandidateQuery = {}): Promise<CandidatePage> {
  const q = CandidateQuerySchema.parse(query);
  const f: QueueFilters = { kindA: q.kindA ?? null, kindB: q.kindB ?? null, minScore: q.minScore ?? 0, minCosine: q.minCosine ?? 0 };
  const pairs = await view(f);
  const offset = (q.page - 1) * CANDIDATE_PAGE_SIZE;
  return {
    filters: f,
    total: pairs.length,
    page: q.page,
    pages: Math.max(1, Math.ceil(pairs.length / CANDIDATE_PAGE_SIZE)),
    pageSize: CANDIDATE_PAGE_SIZE,
    candidates: await describePairs(pairs.slice(offset, CANDIDATE_PAGE_SIZE)),
  };
}
