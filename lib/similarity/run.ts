// One similarity run (`npm run similarity`, and the end of `npm run ingest`):
// embed the entities whose text, provider or model changed, keep the vector
// index at the embedder's dimension, find each relinked entity's nearest
// neighbours through the index, and replace its computed SIMILAR_TO edges.
//
// Consistency: embeddings are written in batches, each marking its entities
// "to be relinked"; the edges then change in one transaction that also clears
// the marks. A killed run leaves the old edges (readers never see half a run)
// and the marks, so the next run finishes the job without re-embedding.
import { readEnv, type Env } from "../config";
import { writeQuery } from "../neo4j/driver";
import { dropVectorIndex, ensureVectorIndex, vectorIndexDimensions } from "../neo4j/schema";
import { loadSnapshot, snapshotTooOld, takeSnapshot } from "./corpus";
import { createLexicalEmbedder, createModelEmbedder, edgeMethod, type Embedder } from "./embedder";
import { DEFAULT_LEXICAL_DIMENSIONS } from "./lexical";
import { diffEdges, pairKey, planEdges } from "./plan";
import { bumpCorpus, computedDegrees, existingSimilarity, nearest, readEntityState, writeEmbeddings, applyEdges, type EntityState } from "./store";
import { textHash } from "./text";

export interface SimilarityOptions {
  /** Embed and relink everything (and retake the lexical corpus statistics). */
  full?: boolean;
  env?: Env;
  /** For tests and the benchmark: a given embedder instead of the configured one. */
  embedder?: Embedder;
  onProgress?: (done: number, total: number, phase: "embedding" | "linking") => void;
  /** Things a person should know (index rebuilt, statistics retaken). */
  onNote?: (line: string) => void;
  /** Milestones with their time, for the benchmark. */
  onStage?: (stage: "read" | "embedded" | "indexed" | "neighbours" | "planned" | "committed") => void;
}

export interface SimilaritySummary {
  provider: string;
  model: string;
  dimensions: number | null;
  entities: number;
  embedded: number;
  relinked: number;
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  seconds: number;
}

const EMBED_CHUNK = 2000;
/**
 * From this many entities to embed, the vector index is dropped first and built
 * once at the end. Each write transaction commits into a live index, and many
 * small commits make Lucene merge HNSW segments over and over (measured: ~200
 * embeddings/s on 100k with the index live, against a one-off build).
 * Creating the index early, to populate while the rest is written, does not
 * work: Neo4j's population scan skips the nodes not yet written, finishes in
 * seconds, and every later write goes to the live index (measured: linking
 * then slowed to ~30 entities/s).
 */
const BULK_FROM = 5000;

export async function computeSimilarity(opts: SimilarityOptions = {}): Promise<SimilaritySummary> {
  const started = Date.now();
  const env = opts.env ?? readEnv();
  const note = opts.onNote ?? (() => {});
  const state = await readEntityState();
  opts.onStage?.("read");
  const hashes = new Map(state.map((e) => [e.id, textHash(e)]));
  const current = (e: EntityState, em: Embedder) =>
    e.hasEmbedding && e.provider === em.provider && e.model === em.model && e.hash === hashes.get(e.id);

  let embedder: Embedder;
  let retaken = false;
  if (opts.embedder) embedder = opts.embedder;
  else if (env.SIMILARITY_PROVIDER === "lexical") {
    const dims = env.EMBEDDING_DIMENSIONS ?? DEFAULT_LEXICAL_DIMENSIONS;
    let snapshot = await loadSnapshot();
    const dirtyWith = (id: string) => {
      const em = createLexicalEmbedder(snapshot!.corpus, id, dims);
      return state.filter((e) => !current(e, em)).length;
    };
    if (!snapshot || opts.full || snapshotTooOld(snapshot, dirtyWith(snapshot.id))) {
      if (snapshot && !opts.full) note(`Lexical corpus statistics retaken: more than a fifth of the entities changed since they were taken, so every entity is embedded again.`);
      snapshot = await takeSnapshot(state);
      retaken = true;
    }
    embedder = createLexicalEmbedder(snapshot.corpus, snapshot.id, dims);
  } else embedder = await createModelEmbedder(env);

  const dirty = opts.full ? state : state.filter((e) => !current(e, embedder));
  const total = dirty.length;
  // The index must match the embedder's dimension; http reveals it with the first answer.
  const previousDims = await vectorIndexDimensions();
  const bulk = dirty.length >= BULK_FROM && dirty.length >= state.length / 4;
  if (bulk) await dropVectorIndex();
  let indexReady = false;
  const ensureIndex = async (dims: number) => {
    if (indexReady) return;
    indexReady = true;
    await ensureVectorIndex(dims);
    if (previousDims !== null && previousDims !== dims) {
      note(`The vector index was rebuilt for ${dims} dimensions (it had ${previousDims}): the provider or model changed, so every entity is embedded again.`);
    }
  };
  const known = embedder.dimensions();
  if (known !== null && !bulk) await ensureIndex(known);
  // The next chunk is embedded while the server writes the previous one.
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < dirty.length; i += EMBED_CHUNK) {
    const chunk = dirty.slice(i, i + EMBED_CHUNK);
    const vectors = await embedder.embed(chunk);
    if (!bulk) await ensureIndex(vectors[0]?.length ?? 0);
    await writing;
    const rows = chunk.map((e, j) => ({ id: e.id, hash: hashes.get(e.id) as string, v: vectors[j] as Float32Array }));
    const done = Math.min(i + EMBED_CHUNK, total);
    writing = writeEmbeddings(rows, embedder).then(() => opts.onProgress?.(done, total, "embedding"));
    writing.catch(() => {}); // observed by the next `await writing`; this only keeps Node from calling it unhandled meanwhile
  }
  await writing;
  if (embedder.provider === "lexical" && !retaken) await bumpCorpus(dirty.length);
  opts.onStage?.("embedded");
  const dims = embedder.dimensions() ?? previousDims;
  if (dims !== null) await ensureIndex(dims);
  // Index updates are applied at commit, but a freshly created index populates in the background.
  await writeQuery("CALL db.awaitIndexes(600)");
  opts.onStage?.("indexed");

  // Entities to relink: everything on a full run, else those marked (now or by an interrupted run).
  const dirtyIds = new Set(dirty.map((e) => e.id));
  const relink = opts.full ? state.map((e) => e.id) : state.filter((e) => e.stale || dirtyIds.has(e.id)).map((e) => e.id);
  const summary: SimilaritySummary = {
    provider: embedder.provider, model: embedder.model, dimensions: embedder.dimensions(), entities: state.length,
    embedded: dirty.length, relinked: relink.length, created: 0, updated: 0, removed: 0, unchanged: 0, seconds: 0,
  };
  if (relink.length > 0) {
    const k = env.SIMILARITY_TOP_K;
    const threshold = env.SIMILARITY_THRESHOLD;
    const found = await nearest(relink, {
      k, model: embedder.model, threshold,
      onBatch: (done) => opts.onProgress?.(done, relink.length, "linking"),
    });
    opts.onStage?.("neighbours");
    // An entity created after the state was read (embedded by a concurrent run) is left
    // to that run, which relinks it and its partners.
    const eids = new Map(state.map((e) => [e.id, e.eid]));
    const candidates = new Map([...found].map(([id, list]) => [id, list.filter((c) => eids.has(c.id))]));
    const whole = relink.length === state.length;
    const existing = await existingSimilarity(whole ? null : relink, pairKey);
    const relinkSet = new Set(relink);
    // Incremental: partners keep their other computed edges, which count against their k.
    let kept: Map<string, number> | undefined;
    if (!whole) {
      const partners = new Set<string>();
      for (const list of candidates.values()) for (const c of list) if (!relinkSet.has(c.id)) partners.add(c.id);
      const degrees = await computedDegrees([...partners]);
      const toRelinked = new Map<string, number>();
      for (const e of existing.computed) {
        for (const [x, y] of [[e.a, e.b], [e.b, e.a]] as const) {
          if (!relinkSet.has(x) && relinkSet.has(y)) toRelinked.set(x, (toRelinked.get(x) ?? 0) + 1);
        }
      }
      kept = new Map([...degrees].map(([id, n]) => [id, n - (toRelinked.get(id) ?? 0)]));
    }
    const planned = planEdges({ candidates, k, threshold, excluded: existing.provided, kept });
    const diff = diffEdges(existing.computed, planned);
    opts.onStage?.("planned");
    await applyEdges(diff, relink, edgeMethod(embedder), eids);
    Object.assign(summary, { created: diff.create.length, updated: diff.update.length, removed: diff.remove.length, unchanged: diff.unchanged });
  }
  opts.onStage?.("committed");
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/** A one-line account of a run for people. */
export function describeSimilarity(s: SimilaritySummary): string {
  if (s.embedded === 0 && s.relinked === 0) {
    return `Similarity: nothing changed (${s.entities.toLocaleString("en-US")} entities up to date, ${s.provider} ${s.model}).`;
  }
  return (
    `Similarity (${s.provider} ${s.model}, ${s.dimensions ?? "?"} dimensions): embedded ${s.embedded.toLocaleString("en-US")}, ` +
    `relinked ${s.relinked.toLocaleString("en-US")} of ${s.entities.toLocaleString("en-US")} entities; edges created ${s.created.toLocaleString("en-US")}, ` +
    `rescored ${s.updated.toLocaleString("en-US")}, removed ${s.removed.toLocaleString("en-US")}, unchanged ${s.unchanged.toLocaleString("en-US")} in ${s.seconds.toFixed(1)} s`
  );
}
