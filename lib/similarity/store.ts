// Similarity's Neo4j side: reading entity texts and embedding state, writing
// embeddings, the lexical corpus snapshot, nearest-neighbour queries through the
// vector index, and the SIMILAR_TO edges of a run. Cypher is parameterised and
// kept beside the function that runs it.
import { inWriteTransaction, readQuery, writeQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { VECTOR_INDEX } from "../neo4j/schema";
import { pipeline } from "../ingest/write";
import type { Candidate, EdgeDiff, PlannedEdge } from "./plan";
import type { EmbeddingInput } from "./text";

export interface EntityState extends EmbeddingInput {
  hash: string | null;
  provider: string | null;
  model: string | null;
  hasEmbedding: boolean;
  stale: boolean;
}

// Redirects left by a merge (status 'merged') are not embedded and are nobody's neighbour.
export const READ_STATE = `
MATCH (e:Entity)
WHERE coalesce(e.status, 'active') <> 'merged'
RETURN e.id AS id, e.name AS name, e.aliases AS aliases, e.description AS description,
       e.embeddingHash AS hash, e.embeddingProvider AS provider, e.embeddingModel AS model,
       e.embedding IS NOT NULL AS hasEmbedding, coalesce(e.similarityStale, false) AS stale`;

export async function readEntityState(): Promise<EntityState[]> {
  const rows = await readQuery(READ_STATE);
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    aliases: Array.isArray(r.aliases) ? r.aliases.map(String) : [],
    description: s(r.description),
    hash: s(r.hash),
    provider: s(r.provider),
    model: s(r.model),
    hasEmbedding: r.hasEmbedding === true,
    stale: r.stale === true,
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

// The lexical provider's corpus statistics (see corpus.ts).
export const READ_CORPUS = "MATCH (c:SimilarityCorpus {provider: 'lexical'}) RETURN c.id AS id, c.docs AS docs, c.df AS df, c.changed AS changed";
export const WRITE_CORPUS = `
MERGE (c:SimilarityCorpus {provider: 'lexical'})
SET c.id = $id, c.docs = $docs, c.df = $df, c.changed = 0, c.createdAt = datetime()`;
export const BUMP_CORPUS = "MATCH (c:SimilarityCorpus {provider: 'lexical'}) SET c.changed = coalesce(c.changed, 0) + $n";

export interface StoredCorpus {
  id: string;
  docs: number;
  df: string;
  changed: number;
}

export async function readCorpus(): Promise<StoredCorpus | null> {
  const [row] = await readQuery(READ_CORPUS);
  if (!row || typeof row.df !== "string") return null;
  return { id: String(row.id), docs: toCount(row.docs), df: row.df, changed: toCount(row.changed) };
}

export async function writeCorpus(c: StoredCorpus): Promise<void> {
  await writeQuery(WRITE_CORPUS, { id: c.id, docs: cypherInt(c.docs), df: c.df });
}

export async function bumpCorpus(n: number): Promise<void> {
  if (n > 0) await writeQuery(BUMP_CORPUS, { n: cypherInt(n) });
}

/**
 * Nearest neighbours through the vector index, many entities per statement.
 * The index's cosine score is (1 + cos) / 2; we store cos. Entities embedded
 * by another model (a run that was interrupted while switching) are skipped.
 */
export const NEAREST = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE e.embedding IS NOT NULL
CALL db.index.vector.queryNodes($index, $k, e.embedding) YIELD node, score
WITH e, node, score
WHERE node <> e AND node.embeddingModel = $model AND 2 * score - 1 >= $threshold
  AND coalesce(node.status, 'active') <> 'merged'
RETURN e.id AS id, collect({id: node.id, score: 2 * score - 1})[..$keep] AS near`;

export async function nearest(
  ids: string[],
  opts: { k: number; model: string; threshold: number; batchSize?: number; onBatch?: (done: number) => void },
): Promise<Map<string, Candidate[]>> {
  const out = new Map<string, Candidate[]>();
  const size = opts.batchSize ?? 250;
  // HNSW search keeps as many candidates as it is asked for: asking for more
  // than k (and keeping the best k) finds the true top k far more often.
  const keep = cypherInt(opts.k);
  const params = { keep, index: VECTOR_INDEX, k: cypherInt(Math.max(2 * opts.k + 1, 64)), model: opts.model, threshold: opts.threshold };
  let done = 0;
  const run = async (batch: string[]) => {
    for (const r of await readQuery(NEAREST, { ...params, ids: batch })) {
      out.set(String(r.id), (r.near as { id: string; score: number }[]).map((n) => ({ id: String(n.id), score: Number(n.score) })));
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
  const rows: Awaited<ReturnType<typeof readQuery>> = [];
  if (ids === null) rows.push(...(await readQuery(ALL_SIMILARITY)));
  else for (let i = 0; i < ids.length; i += 5000) rows.push(...(await readQuery(SIMILARITY_AROUND, { ids: ids.slice(i, i + 5000) })));
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
 * suffices; on a full run this is most of the writing, and MERGE would look
 * each pair up first.
 */
export const CREATE_COMPUTED = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.a})
MATCH (b:Entity {id: row.b})
WHERE NOT EXISTS { (a)-[:SIMILAR_TO]-(b) }
CREATE (a)-[:SIMILAR_TO {score: row.score, method: $method, computedAt: datetime($now)}]->(b)`;
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
 * Applies a run's edge changes in ONE transaction, with clearing the
 * "to be relinked" marks: a reader sees the similarity edges from before the
 * run or from after it, never a mix, and a killed run changes no edge (its
 * marks stay, so the next run relinks the same entities).
 */
export async function applyEdges(diff: EdgeDiff, relinked: string[], method: string, batchSize = 10_000): Promise<void> {
  const now = new Date().toISOString();
  await inWriteTransaction(async (tx) => {
    const pipe = pipeline(tx);
    const send = async (cypher: string, key: "rows" | "ids", items: unknown[], extra: Record<string, unknown> = {}) => {
      for (let i = 0; i < items.length; i += batchSize) await pipe.push(cypher, { [key]: items.slice(i, i + batchSize), ...extra }, () => {});
    };
    await send(REMOVE_COMPUTED, "rows", diff.remove);
    await send(CREATE_COMPUTED, "rows", diff.create, { method, now });
    await send(UPSERT_COMPUTED, "rows", diff.update, { method, now });
    await send(CLEAR_STALE, "ids", relinked);
    await pipe.drain();
  });
}
