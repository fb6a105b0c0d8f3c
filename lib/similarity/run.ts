// One similarity run (`npm run similarity`, the end of `npm run ingest`, and
// in the app's background after a curation write): relink the computed
// SIMILAR_TO edges of entities whose text changed, then rank again the
// candidate lists of entities whose text, typed neighbours or decisions
// changed (lib/candidates).
//
// Similarity: the default `lexical` provider compares texts by exact sparse
// TF-IDF in this process (no model, no vector index); a sentence model
// (minilm, bge-small, transformers, http) embeds changed texts and finds
// neighbours through the vector index.
//
// Consistency: SIMILAR_TO changes commit in one transaction with the state
// they were computed from (lexical: text hashes; models: the "to be relinked"
// marks their embedding batches set), and candidate lists in another with
// theirs. A killed run leaves the previous edges and lists visible, never half
// of a new run, and the next run finishes the job.
import { readEnv, type Env } from "../config";
import { buildTextSignals, DENSE_FEATURES, BASE_FEATURES, LIST, POOL, type DenseSignal, type TextSignals } from "../candidates/signals";
import { rankCandidates, type FitReport } from "../candidates/rank";
import { planLists, SIGNALS, type RankedEntry } from "../candidates/lists";
import { neighbourHash, readDecidedPairs, readLists, readModel, readTypedEdges, writeLists, type StoredModel } from "../candidates/store";
import { calibrated } from "../candidates/terms";
import { textHash } from "../kernel/entity-text";
import { writeQuery } from "../neo4j/driver";
import { dropVectorIndex, ensureVectorIndex, vectorIndexDimensions } from "../neo4j/schema";
import { createModelEmbedder, edgeMethod, LEXICAL_MODEL, type Embedder } from "./embedder";
import { corpusVersion, SET_CORPUS_VERSION } from "./pair-cosine";
import { diffEdges, pairKey, planEdges, type Candidate } from "./plan";
import { applyEdges, computedDegrees, existingSimilarity, nearest, readEntityState, readVectors, writeEmbeddings, type EntityState } from "./store";
import { dot } from "./vectors";

export interface SimilarityOptions {
  /** Relink and rank everything, and fit the candidate model again. */
  full?: boolean;
  /**
   * Only finish what an earlier run began (the app's background refresh): on a
   * graph no run has processed yet (no fitted candidate model), do nothing and
   * leave the first run to `npm run similarity` or an ingest.
   */
  followUp?: boolean;
  env?: Env;
  /** For tests and benchmarks: a given embedder (null: the lexical provider) instead of the configured one. */
  embedder?: Embedder | null;
  onProgress?: (done: number, total: number, phase: "embedding" | "linking" | "ranking") => void;
  /** Things a person should know (index rebuilt, model refitted). */
  onNote?: (line: string) => void;
  /** Milestones with their time, for the benchmark. */
  onStage?: (stage: "read" | "embedded" | "indexed" | "neighbours" | "planned" | "committed" | "ranked" | "listed") => void;
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
  /** Candidate lists ranked again, lists written (partners included), and whether the fusion model was fitted. */
  ranked: number;
  listsWritten: number;
  fitted: boolean;
  fit: FitReport | null;
  seconds: number;
}

const EMBED_CHUNK = 2000;
/**
 * From this many entities to embed, the vector index is dropped first and built
 * once at the end. Each write transaction commits into a live index, and many
 * small commits make Lucene merge HNSW segments over and over (measured: ~200
 * embeddings/s on 100k with the index live, against a one-off build).
 */
const BULK_FROM = 5000;
/** Share of entities (or of typed edges) that may change before the candidate model is fitted again and every list ranked. */
export const CANDIDATE_DRIFT = 0.2;

async function embedChanged(
  dirty: EntityState[],
  state: EntityState[],
  hashes: Map<string, string>,
  embedder: Embedder,
  opts: SimilarityOptions,
): Promise<void> {
  const note = opts.onNote ?? (() => {});
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
    const done = Math.min(i + EMBED_CHUNK, dirty.length);
    writing = writeEmbeddings(rows, embedder).then(() => opts.onProgress?.(done, dirty.length, "embedding"));
    writing.catch(() => {}); // observed by the next `await writing`; this only keeps Node from calling it unhandled meanwhile
  }
  await writing;
  opts.onStage?.("embedded");
  const dims = embedder.dimensions() ?? previousDims;
  if (dims !== null) await ensureIndex(dims);
  // Index updates are applied at commit, but a freshly created index populates in the background.
  await writeQuery("CALL db.awaitIndexes(600)");
  opts.onStage?.("indexed");
}

export async function computeSimilarity(opts: SimilarityOptions = {}): Promise<SimilaritySummary> {
  const started = Date.now();
  const since = new Date(started).toISOString();
  const env = opts.env ?? readEnv();
  const note = opts.onNote ?? (() => {});
  const state = await readEntityState();
  opts.onStage?.("read");
  const embedder = opts.embedder !== undefined ? opts.embedder : await createModelEmbedder(env);
  const provider = embedder?.provider ?? "lexical";
  const model = embedder?.model ?? LEXICAL_MODEL;
  const stored = await readModel();
  if (opts.followUp && !stored) {
    return {
      provider, model, dimensions: embedder?.dimensions() ?? null, entities: state.length, embedded: 0, relinked: 0, created: 0, updated: 0,
      removed: 0, unchanged: 0, ranked: 0, listsWritten: 0, fitted: false, fit: null, seconds: (Date.now() - started) / 1000,
    };
  }

  const hashes = new Map(state.map((e) => [e.id, textHash(e)]));
  const current = (e: EntityState) =>
    e.provider === provider && e.model === model && e.hash === hashes.get(e.id) && (embedder === null || e.hasEmbedding);
  const dirty = opts.full ? state : state.filter((e) => !current(e));

  if (embedder) await embedChanged(dirty, state, hashes, embedder, opts);
  else if ((await vectorIndexDimensions()) !== null && dirty.length > 0) {
    // Back to the lexical provider: the vectors of the model used before are removed as entities are relinked.
    await dropVectorIndex();
    note("The vector index was dropped: the lexical provider compares texts directly and needs none.");
  }

  const n = state.length;
  const at = new Map(state.map((e, i) => [e.id, i]));
  const dirtyIds = new Set(dirty.map((e) => e.id));
  const relink = opts.full ? state.map((e) => e.id) : state.filter((e) => (embedder && e.stale) || dirtyIds.has(e.id)).map((e) => e.id);

  // What the candidate lists read: typed edges, decisions, the model, each entity's neighbour hash.
  const idEdges = (await readTypedEdges()).filter(([a, b]) => at.has(a) && at.has(b) && a !== b);
  const edges = idEdges.map(([a, b]) => [at.get(a) as number, at.get(b) as number]);
  const neighbours: string[][] = state.map(() => []);
  for (const [a, b] of idEdges) {
    (neighbours[at.get(a) as number] as string[]).push(b);
    (neighbours[at.get(b) as number] as string[]).push(a);
  }
  const edgeHash = neighbours.map(neighbourHash);
  const features = embedder ? [...BASE_FEATURES, ...DENSE_FEATURES] : [...BASE_FEATURES];
  let refit =
    !!opts.full || !stored || stored.model.features.join() !== features.join() ||
    Math.abs(idEdges.length - stored.edges) > CANDIDATE_DRIFT * Math.max(stored.edges, 1) ||
    Math.abs(n - stored.entities) > CANDIDATE_DRIFT * Math.max(stored.entities, 1);
  let targets = refit
    ? state.map((_, i) => i)
    : state.flatMap((e, i) => (e.candidatesStale || e.candidatesHash !== hashes.get(e.id) || e.candidatesEdges !== edgeHash[i] ? [i] : []));
  if (!refit && targets.length > CANDIDATE_DRIFT * n) {
    refit = true;
    targets = state.map((_, i) => i);
  }
  if (refit && stored && !opts.full && n > 0) note("Candidates: the graph changed by more than a fifth since the fusion model was fitted, so it is fitted again and every list ranked again.");

  const summary: SimilaritySummary = {
    provider, model, dimensions: embedder?.dimensions() ?? null, entities: n, embedded: embedder ? dirty.length : 0,
    relinked: relink.length, created: 0, updated: 0, removed: 0, unchanged: 0, ranked: 0, listsWritten: 0, fitted: false, fit: null, seconds: 0,
  };
  if (relink.length === 0 && targets.length === 0) {
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  }
  const text: TextSignals = buildTextSignals(state);

  // ── SIMILAR_TO ───────────────────────────────────────────────────────
  if (relink.length > 0) {
    const k = env.SIMILARITY_TOP_K;
    const threshold = env.SIMILARITY_THRESHOLD;
    let found: Map<string, Candidate[]>;
    if (embedder) {
      found = await nearest(relink, { k, model, threshold, onBatch: (done) => opts.onProgress?.(done, relink.length, "linking") });
    } else {
      found = new Map();
      for (const [j, id] of relink.entries()) {
        const q = at.get(id) as number;
        const len = text.lexical(q);
        const list: Candidate[] = [];
        for (let i = 0; i < len; i++) list.push({ id: (state[text.lexDoc[q * LIST + i] as number] as EntityState).id, score: calibrated(text.lexScore[q * LIST + i] as number) });
        found.set(id, list);
        if ((j + 1) % 5000 === 0 || j + 1 === relink.length) opts.onProgress?.(j + 1, relink.length, "linking");
      }
    }
    opts.onStage?.("neighbours");
    const eids = new Map(state.map((e) => [e.id, e.eid]));
    const whole = relink.length === n;
    const existing = await existingSimilarity(whole ? null : relink, pairKey);
    const relinkSet = new Set(relink);
    // Incremental: partners keep their other computed edges, which count against their k.
    let kept: Map<string, number> | undefined;
    if (!whole) {
      const partners = new Set<string>();
      for (const list of found.values()) for (const c of list) if (!relinkSet.has(c.id)) partners.add(c.id);
      const degrees = await computedDegrees([...partners]);
      const toRelinked = new Map<string, number>();
      for (const e of existing.computed) {
        for (const [x, y] of [[e.a, e.b], [e.b, e.a]] as const) {
          if (!relinkSet.has(x) && relinkSet.has(y)) toRelinked.set(x, (toRelinked.get(x) ?? 0) + 1);
        }
      }
      kept = new Map([...degrees].map(([id, d]) => [id, d - (toRelinked.get(id) ?? 0)]));
    }
    const planned = planEdges({ candidates: found, k, threshold, excluded: existing.provided, kept });
    const diff = diffEdges(existing.computed, planned);
    opts.onStage?.("planned");
    await applyEdges(diff, relink, edgeMethod({ provider, model }), eids, embedder ? null : { provider, model, hashes });
    Object.assign(summary, { created: diff.create.length, updated: diff.update.length, removed: diff.remove.length, unchanged: diff.unchanged });
    // Readers that compare pairs outside a run (pair-cosine.ts) rebuild their index when this changes.
    if (!embedder) await writeQuery(SET_CORPUS_VERSION, { version: corpusVersion(state.map((e) => ({ id: e.id, hash: hashes.get(e.id) as string }))) });
  }
  opts.onStage?.("committed");

  // ── Candidate lists ─────────────────────────────────────────────────
  if (targets.length > 0) {
    const blocked = new Set<number>();
    for (const [a, b] of await readDecidedPairs()) {
      const x = at.get(a);
      const y = at.get(b);
      if (x !== undefined && y !== undefined) blocked.add(x < y ? x * n + y : y * n + x);
    }
    const dense = embedder ? await denseSignal(state, at, model, refit ? state.map((e) => e.id) : targets.map((i) => (state[i] as EntityState).id)) : undefined;
    const ranked = rankCandidates({
      docs: state,
      kinds: state.map((e) => e.kind),
      edges,
      blocked: (a, b) => blocked.has(a < b ? a * n + b : b * n + a),
      dense,
      k: env.CANDIDATES_TOP_K,
      only: refit ? undefined : targets,
      model: refit ? undefined : (stored as StoredModel).model,
      text,
      onPhase: (phase, done, total) => {
        if (phase === "ranking") opts.onProgress?.(done, total, "ranking");
      },
    });
    opts.onStage?.("ranked");
    const lists = new Map<string, RankedEntry[]>();
    for (const [q, list] of ranked.lists) {
      lists.set(
        (state[q] as EntityState).id,
        list.map((c) => {
          const p = state[c.doc] as EntityState;
          const s = c.signals;
          return { id: p.id, kind: p.kind, score: round(c.score), signals: SIGNALS.map((name) => round(name === "dense" ? (s.dense ?? -1) : s[name])) };
        }),
      );
    }
    // Partners' lists hold cross-references (ranks) to the ranked ones; when everything was ranked there is nothing to read.
    let storedLists = new Map<string, ReturnType<typeof planLists> extends Map<string, infer L> ? L : never>();
    if (targets.length < n) {
      const ids = targets.map((i) => (state[i] as EntityState).id);
      storedLists = await readLists(ids);
      const partners = new Set<string>();
      for (const id of ids) {
        for (const e of storedLists.get(id) ?? []) partners.add(e.id);
        for (const e of lists.get(id) ?? []) partners.add(e.id);
      }
      for (const id of ids) partners.delete(id);
      for (const [id, list] of await readLists([...partners])) storedLists.set(id, list);
    }
    const plan = planLists(lists, storedLists);
    const rankedState = new Map(targets.map((i) => [(state[i] as EntityState).id, { hash: hashes.get((state[i] as EntityState).id) as string, edges: edgeHash[i] as string }]));
    const fittedModel: StoredModel | null = refit
      ? { model: ranked.model, report: ranked.fit ? JSON.stringify(ranked.fit) : null, entities: n, edges: idEdges.length, fittedAt: since }
      : null;
    const eids = new Map(state.map((e) => [e.id, e.eid]));
    summary.listsWritten = await writeLists({ lists: plan, eids, all: targets.length === n, ranked: rankedState, model: fittedModel, since });
    Object.assign(summary, { ranked: targets.length, fitted: refit, fit: ranked.fit });
    opts.onStage?.("listed");
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/**
 * Six significant digits: deterministic, and enough to keep order. Fused
 * scores are probabilities that can be tiny (on the synthetic benchmark's word
 * salad nearly all are below 10⁻⁴); a fixed number of decimals made them all
 * 0, every pair a tie, and the queue's walk read every list.
 */
const round = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(6)));

/** The dense signal: stored vectors for cosines, and the vector index's nearest neighbours of the entities to rank. */
async function denseSignal(state: EntityState[], at: Map<string, number>, model: string, ids: string[]): Promise<DenseSignal> {
  const vectors = await readVectors(model);
  const byIndex: (Float32Array | undefined)[] = state.map((e) => vectors.get(e.id));
  const found = await nearest(ids, { k: POOL.dense, model, threshold: -1 });
  const lists = new Map<number, { doc: number; score: number }[]>();
  for (const [id, list] of found) {
    lists.set(
      at.get(id) as number,
      list.flatMap((c) => (at.has(c.id) ? [{ doc: at.get(c.id) as number, score: c.score }] : [])),
    );
  }
  return {
    neighbours: (q) => lists.get(q) ?? [],
    cosine: (a, b) => {
      const x = byIndex[a];
      const y = byIndex[b];
      return x && y ? dot(x, y) : null;
    },
  };
}

/** A one-line account of a run for people. */
export function describeSimilarity(s: SimilaritySummary): string {
  if (s.embedded === 0 && s.relinked === 0 && s.ranked === 0) {
    return `Similarity: nothing changed (${s.entities.toLocaleString("en-US")} entities up to date, ${s.provider} ${s.model}).`;
  }
  const fmt = (x: number) => x.toLocaleString("en-US");
  const parts = [`Similarity (${s.provider} ${s.model}${s.dimensions ? `, ${s.dimensions} dimensions` : ""}):`];
  if (s.embedded) parts.push(`embedded ${fmt(s.embedded)},`);
  parts.push(
    `relinked ${fmt(s.relinked)} of ${fmt(s.entities)} entities; edges created ${fmt(s.created)}, rescored ${fmt(s.updated)}, removed ${fmt(s.removed)}, unchanged ${fmt(s.unchanged)};`,
    `candidate lists ranked ${fmt(s.ranked)} (${fmt(s.listsWritten)} written${s.fitted ? ", fusion model fitted" : ""}) in ${s.seconds.toFixed(1)} s`,
  );
  return parts.join(" ");
}
