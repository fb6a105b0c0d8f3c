// Similarity's Neo4j side: reading entity texts, kinds and the state they were
// last linked and ranked with, writing embeddings, nearest-neighbour queries
// through the vector index, and the SIMILAR_TO edges of a run. Cypher is
// parameterised and kept beside the function that runs it.
import { inWriteTransaction, readQuery, writeQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { VECTOR_INDEX } from "../neo4j/schema";
import { pipeline } from "../neo4j/pipeline";
import type { Candidate, EdgeDiff, PlannedEdge } from "./plan";
import type { EmbeddingInput } from "../kernel/entity-text";

export interface EntityState extends EmbeddingInput {
  kind: string;
  hash: string | null;
  provider: string | null;
  model: string | null;
  hasEmbedding: boolean;
  stale: boolean;
  /** The node's element id, for writing its edges without an index seek (see CREATE_COMPUTED). */
  eid: string;
  /** The text and typed-neighbour hashes its candidate list was ranked with, and a "rank again" mark. */
  candidatesHash: string | null;
  candidatesEdges: string | null;
  candidatesStale: boolean;
}

// Redirects left by a merge (status 'merged') are not embedded and are nobody's neighbour.
export const READ_STATE = `
MATCH (e:Entity)
WHERE coalesce(e.status, 'active') <> 'merged'
RETURN e.id AS id, e.kind AS kind, e.name AS name, e.aliases AS aliases, e.description AS description,
       e.embeddingHash AS hash, e.embeddingProvider AS provider, e.embeddingModel AS model,
       e.embedding IS NOT NULL AS hasEmbedding, coalesce(e.similarityStale, false) AS stale, elementId(e) AS eid,
       e.candidatesHash AS candidatesHash, e.candidatesEdges AS candidatesEdges, coalesce(e.candidatesStale, false) AS candidatesStale`;

export async function readEntityState(): Promise<EntityState[]> {
  const rows = await readQuery(READ_STATE);
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    id: String(r.id),
    kind: String(r.kind),
    name: String(r.name),
    aliases: Array.isArray(r.aliases) ? r.aliases.map(String) : [],
    description: s(r.description),
    hash: s(r.hash),
    provider: s(r.provider),
    model: s(r.model),
    hasEmbedding: r.hasEmbedding === true,
    stale: r.stale === true,
    eid: String(r.eid),
    candidatesHash: s(r.candidatesHash),
    candidatesEdges: s(r.candidatesEdges),
    candidatesStale: r.candidatesStale === true,
  }));
}

/**
 * Embedding, its provenance and a "to be relinked" mark, set together per
 * entity. Each batch is its own transaction: a killed run leaves some entities
 * embedded and marked, which the next run relinks (and does not re-embed).
 */
export const WRITE_EMBEDDINGS = `
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
CALL db.create.setNodeVectorProperty(e, 'embedding', row.v)
SET e.embeddingProvider = $provider, e.embeddingModel = $model, e.embeddingHash = row.hash, e.similarityStale = true`;

export async function writeEmbeddings(
  rows: { id: string; hash: string; v: Float32Array }[],
  embedder: { provider: string; model: string },
  batchSize = 500,
): Promise<void> {
  const work: Promise<unknown>[] = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    // Plain arrays of numbers rounded to float32 precision: the driver sends JS numbers.
    const batch = rows.slice(i, i + batchSize).map((r) => ({ id: r.id, hash: r.hash, v: Array.from(r.v) }));
    work.push(writeQuery(WRITE_EMBEDDINGS, { rows: batch, provider: embedder.provider, model: embedder.model }));
    if (work.length >= 2) await work.shift(); // two batches in flight: the server has two cores
  }
  await Promise.all(work);
}

/**
 * Nearest neighbours through the vector index, many entities per statement.
 * The index's cosine score is (1 + cos) / 2; we store cos. The index yields
 * partners best first, and `collect` keeps that order, so the first `keep`
 * rows past the score test are the entity's top k: only those have a property
 * read (on the benchmark graph nearly every one of the 80 candidates passes
 * the test; reading two properties of each made 100k queries take 67–74 s
 * instead of 62–65 s). A partner embedded by another model (a concurrent run
 * switching models, which relinks everything itself) is dropped from that top
 * k. Merged entities have no embedding (a merge removes it), so they are never
 * in the index.
 */
export const NEAREST = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE e.embedding IS NOT NULL
CALL db.index.vector.queryNodes($index, $k, e.embedding) YIELD node, score
WITH e, node, 2 * score - 1 AS cos
WHERE cos >= $threshold AND node <> e
WITH e, collect(node)[..$keep] AS near, collect(cos)[..$keep] AS cosines
WITH e, near, cosines, [i IN range(0, size(near) - 1) WHERE near[i].embeddingModel = $model] AS same
RETURN e.id AS id, [i IN same | near[i].id] AS ids, [i IN same | cosines[i]] AS scores`;

/**
 * How many candidates to ask the index for, to keep the best k: HNSW search
 * keeps as many candidates as it is asked for, and asking for more than k
 * finds the true top k far more often. For k = 20 on the 100k benchmark graph
 * with the index's m and ef_construction (see schema.ts), 400 sampled queries
 * gave a recall@20 of 93% asking for 32, 95.3% for 48, 96.6% for 64 and 98.1%
 * for 96; bench:similarity's 1,000 queries gave 94.7% for 64, so we ask for 4k.
 */
export const searchCandidates = (k: number) => Math.max(4 * k, 64);

export async function nearest(
  ids: string[],
  opts: { k: number; model: string; threshold: number; batchSize?: number; onBatch?: (done: number) => void },
): Promise<Map<string, Candidate[]>> {
  const out = new Map<string, Candidate[]>();
  const size = opts.batchSize ?? 250;
  const params = { keep: cypherInt(opts.k), index: VECTOR_INDEX, k: cypherInt(searchCandidates(opts.k)), model: opts.model, threshold: opts.threshold };
  let done = 0;
  const run = async (batch: string[]) => {
    for (const r of await readQuery(NEAREST, { ...params, ids: batch })) {
      const scores = r.scores as number[];
      out.set(String(r.id), (r.ids as string[]).map((id, i) => ({ id: String(id), score: Number(scores[i]) })));
    }
    done += batch.length;
    opts.onBatch?.(done);
  };
  // Two statements in flight keep both server cores busy.
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < ids.length; i += size) {
    inflight.push(run(ids.slice(i, i + size)));
    if (inflight.length >= 2) await inflight.shift();
  }
  await Promise.all(inflight);
  return out;
}

/** Every stored embedding of `model` (the dense signal of candidates compares any two). */
export const READ_VECTORS = `
MATCH (e:Entity) WHERE e.embedding IS NOT NULL AND e.embeddingModel = $model AND coalesce(e.status, 'active') <> 'merged'
RETURN e.id AS id, e.embedding AS v`;

export async function readVectors(model: string): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const r of await readQuery(READ_VECTORS, { model })) out.set(String(r.id), Float32Array.from(r.v as number[]));
  return out;
}

// Computed edges carry computedAt; provided ones (from data files) never do.
export const ALL_SIMILARITY = `
MATCH (a:Entity)-[s:SIMILAR_TO]->(b:Entity)
RETURN a.id AS a, b.id AS b, s.score AS score, s.computedAt IS NOT NULL AS computed`;
export const SIMILARITY_AROUND = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})-[s:SIMILAR_TO]-(:Entity)
WITH DISTINCT s
RETURN startNode(s).id AS a, endNode(s).id AS b, s.score AS score, s.computedAt IS NOT NULL AS computed`;
export const COMPUTED_DEGREE = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN id, COUNT { (e)-[s:SIMILAR_TO]-(:Entity) WHERE s.computedAt IS NOT NULL } AS n`;

export interface ExistingSimilarity {
  computed: PlannedEdge[];
  provided: Set<string>;
}

/** Similarity edges of the whole graph (ids = null) or around the given entities. */
export async function existingSimilarity(ids: string[] | null, pairKey: (a: string, b: string) => string): Promise<ExistingSimilarity> {
  let rows: Awaited<ReturnType<typeof readQuery>> = [];
  // concat, not push(...rows): a million rows spread as arguments overflow the stack.
  if (ids === null) rows = await readQuery(ALL_SIMILARITY);
  else for (let i = 0; i < ids.length; i += 5000) rows = rows.concat(await readQuery(SIMILARITY_AROUND, { ids: ids.slice(i, i + 5000) }));
  const computed = new Map<string, PlannedEdge>();
  const provided = new Set<string>();
  for (const r of rows) {
    const a = String(r.a);
    const b = String(r.b);
    if (r.computed === true) computed.set(pairKey(a, b), { a, b, score: Number(r.score) });
    else provided.add(pairKey(a, b));
  }
  return { computed: [...computed.values()], provided };
}

export async function computedDegrees(ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const r of await readQuery(COMPUTED_DEGREE, { ids: ids.slice(i, i + 5000) })) out.set(String(r.id), toCount(r.n));
  }
  return out;
}

export const REMOVE_COMPUTED = `
UNWIND $rows AS row
MATCH (:Entity {id: row.a})-[s:SIMILAR_TO]->(:Entity {id: row.b})
WHERE s.computedAt IS NOT NULL
DELETE s`;
/**
 * New computed edges: the run read every similarity edge around these pairs
 * and found none (provided pairs are excluded from its plan), so CREATE
 * suffices; the NOT EXISTS guard only covers an edge provided meanwhile. On a
 * full run this is most of the writing (800k edges on the 100k benchmark), so:
 * - endpoints are found by element id (read with the entity state at the
 *   start of the run) rather than by an index seek on `id`, which measured
 *   about half of the statement's time. The app and scripts never delete an
 *   entity (a merge keeps the node), so an element id is not reused mid-run;
 * - rows go column-wise, and the timestamp is made once per statement.
 */
export const CREATE_COMPUTED = `
WITH datetime($now) AS now
UNWIND range(0, size($a) - 1) AS i
MATCH (a:Entity) WHERE elementId(a) = $a[i]
MATCH (b:Entity) WHERE elementId(b) = $b[i] AND NOT EXISTS { (a)-[:SIMILAR_TO]-(b) }
CREATE (a)-[:SIMILAR_TO {score: $score[i], method: $method, computedAt: now}]->(b)`;

/** Rescores a computed edge; an edge that is (or became) provided is left exactly as it is. */
export const UPSERT_COMPUTED = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.a})
MATCH (b:Entity {id: row.b})
MERGE (a)-[s:SIMILAR_TO]->(b)
  ON CREATE SET s.computedAt = datetime($now)
WITH s, row
WHERE s.computedAt IS NOT NULL
SET s.score = row.score, s.method = $method, s.computedAt = datetime($now)`;
export const CLEAR_STALE = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
REMOVE e.similarityStale`;

/**
 * The lexical provider embeds nothing: its "embedding state" is the text hash
 * the edges were computed from, set with the edges. An embedding left by a
 * sentence model used before is removed, so vectors of two providers never meet.
 */
export const SET_LEXICAL_STATE = `
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e.embeddingProvider = $provider, e.embeddingModel = $model, e.embeddingHash = row.hash
REMOVE e.embedding, e.similarityStale`;

/**
 * Applies a run's edge changes in ONE transaction, with clearing the
 * "to be relinked" marks (lexical: with the text hashes the edges were made from): a reader sees the similarity edges from before the
 * run or from after it, never a mix, and a killed run changes no edge (its
 * marks stay, so the next run relinks the same entities). `eids` maps entity
 * ids to element ids for the edges to create.
 */
export async function applyEdges(
  diff: EdgeDiff,
  relinked: string[],
  method: string,
  eids: Map<string, string>,
  lexical: { provider: string; model: string; hashes: Map<string, string> } | null = null,
  batchSize = 10_000,
): Promise<void> {
  const now = new Date().toISOString();
  const eid = (id: string) => {
    const found = eids.get(id);
    if (found === undefined) throw new Error(`entity ${id} was not read at the start of the similarity run`);
    return found;
  };
  await inWriteTransaction(async (tx) => {
    const pipe = pipeline(tx);
    const send = async <T>(cypher: string, items: T[], params: (batch: T[]) => Record<string, unknown>) => {
      for (let i = 0; i < items.length; i += batchSize) await pipe.push(cypher, params(items.slice(i, i + batchSize)), () => {});
    };
    await send(REMOVE_COMPUTED, diff.remove, (rows) => ({ rows }));
    await send(CREATE_COMPUTED, diff.create, (rows) => ({
      a: rows.map((r) => eid(r.a)), b: rows.map((r) => eid(r.b)), score: rows.map((r) => r.score), method, now,
    }));
    await send(UPSERT_COMPUTED, diff.update, (rows) => ({ rows, method, now }));
    if (lexical) {
      await send(SET_LEXICAL_STATE, relinked, (ids) => ({ rows: ids.map((id) => ({ id, hash: lexical.hashes.get(id) })), provider: lexical.provider, model: lexical.model }));
    } else await send(CLEAR_STALE, relinked, (ids) => ({ ids }));
    await pipe.drain();
  });
}
