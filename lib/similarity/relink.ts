// Similarity for one entity whose text just changed (a merge added aliases to
// the survivor): embed it with the embedder in use and replace its computed
// SIMILAR_TO edges, without reading the whole graph as a full run does.
//
// The embedding is made outside any transaction (a model provider may call a
// server); the write is ONE transaction that first checks the entity's text
// still hashes to what was embedded, so an entity changed in between (e.g. the
// merge was undone) is left alone. Anything unusual — no lexical statistics
// yet, a vector index of another dimension, another model — is also left to
// the next `npm run similarity`, which sees the text hash changed and redoes it.
import { readEnv, type Env } from "../config";
import { inWriteTransaction, readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { VECTOR_INDEX, vectorIndexDimensions } from "../neo4j/schema";
import { loadSnapshot } from "./corpus";
import { createLexicalEmbedder, createModelEmbedder, edgeMethod, type Embedder } from "./embedder";
import { DEFAULT_LEXICAL_DIMENSIONS } from "./lexical";
import { diffEdges, pairKey, planEdges, type PlannedEdge } from "./plan";
import { bumpCorpus, REMOVE_COMPUTED, UPSERT_COMPUTED } from "./store";
import { textHash, type EmbeddingInput } from "./text";

export type RelinkOutcome = "relinked" | "skipped";

export const ENTITY_TEXT = `
MATCH (e:Entity {id: $id})
RETURN e.name AS name, e.aliases AS aliases, e.description AS description,
       coalesce(e.status, 'active') = 'merged' AS merged, e.embeddingModel AS model`;

/** Locks the entity and reads its text again, with the similarity edges around it. */
export const LOCK_AND_READ = `
MATCH (e:Entity {id: $id})
SET e.id = e.id
RETURN e.name AS name, e.aliases AS aliases, e.description AS description,
       [(e)-[s:SIMILAR_TO]-(o:Entity) | {a: startNode(s).id, b: endNode(s).id, score: s.score, computed: s.computedAt IS NOT NULL}] AS edges`;

export const WRITE_ONE_EMBEDDING = `
MATCH (e:Entity {id: $id})
CALL db.create.setNodeVectorProperty(e, 'embedding', $v)
SET e.embeddingProvider = $provider, e.embeddingModel = $model, e.embeddingHash = $hash
REMOVE e.similarityStale`;

/** Neighbours of a vector through the index (its score is (1 + cos) / 2; we keep cos), redirects left out. */
export const NEAREST_TO_VECTOR = `
CALL db.index.vector.queryNodes($index, $k, $v) YIELD node, score
WITH node, 2 * score - 1 AS cos
WHERE node.id <> $id AND coalesce(node.status, 'active') <> 'merged' AND node.embeddingModel = $model AND cos >= $threshold
RETURN node.id AS id, cos AS score
ORDER BY score DESC, id
LIMIT $keep`;

export const COMPUTED_DEGREES_EXCEPT = `
UNWIND $ids AS id
MATCH (p:Entity {id: id})
RETURN id, COUNT { (p)-[s:SIMILAR_TO]-(o:Entity) WHERE s.computedAt IS NOT NULL AND o.id <> $id } AS n`;

async function embedderFor(env: Env): Promise<Embedder | null> {
  if (env.SIMILARITY_PROVIDER !== "lexical") return createModelEmbedder(env);
  const snapshot = await loadSnapshot();
  if (!snapshot) return null; // nothing embedded yet: the first similarity run does everything
  return createLexicalEmbedder(snapshot.corpus, snapshot.id, env.EMBEDDING_DIMENSIONS ?? DEFAULT_LEXICAL_DIMENSIONS);
}

const asText = (id: string, r: Record<string, unknown> | undefined): EmbeddingInput => ({
  id,
  name: String(r?.name ?? ""),
  aliases: Array.isArray(r?.aliases) ? (r.aliases as unknown[]).map(String) : [],
  description: r?.description === null || r?.description === undefined ? null : String(r.description),
});

/** Re-embeds one entity and replaces its computed similarity edges; "skipped" leaves it to the next similarity run. */
export async function relinkEntity(id: string, opts: { env?: Env; embedder?: Embedder } = {}): Promise<RelinkOutcome> {
  const env = opts.env ?? readEnv();
  const [row] = await readQuery(ENTITY_TEXT, { id });
  if (!row || row.merged === true) return "skipped";
  const embedder = opts.embedder ?? (await embedderFor(env));
  if (!embedder) return "skipped";
  // Entities embedded by another model are re-embedded together by a full run, not one by one.
  if (row.model !== null && row.model !== embedder.model) return "skipped";
  const text = asText(id, row);
  const hash = textHash(text);
  const [vector] = await embedder.embed([text]);
  const dims = await vectorIndexDimensions();
  if (!vector || dims !== vector.length) return "skipped";
  const v = Array.from(vector);
  const k = env.SIMILARITY_TOP_K;
  const threshold = env.SIMILARITY_THRESHOLD;

  const outcome = await inWriteTransaction(async (tx): Promise<RelinkOutcome> => {
    const [now] = await tx.run(LOCK_AND_READ, { id });
    if (!now || textHash(asText(id, now)) !== hash) return "skipped"; // changed meanwhile
    await tx.run(WRITE_ONE_EMBEDDING, { id, v, provider: embedder.provider, model: embedder.model, hash });
    const near = await tx.run(NEAREST_TO_VECTOR, {
      index: VECTOR_INDEX, k: cypherInt(Math.max(2 * k + 1, 64)), v, id, model: embedder.model, threshold, keep: cypherInt(k),
    });
    const candidates = new Map([[id, near.map((n) => ({ id: String(n.id), score: Number(n.score) }))]]);
    const edges = (now.edges ?? []) as { a: string; b: string; score: number; computed: boolean }[];
    const existing: PlannedEdge[] = edges.filter((e) => e.computed).map((e) => ({ a: e.a, b: e.b, score: Number(e.score) }));
    const provided = new Set(edges.filter((e) => !e.computed).map((e) => pairKey(e.a, e.b)));
    // Partners keep their other computed edges, which count against their k.
    const degrees = await tx.run(COMPUTED_DEGREES_EXCEPT, { ids: near.map((n) => String(n.id)), id });
    const kept = new Map(degrees.map((d) => [String(d.id), toCount(d.n)]));
    const diff = diffEdges(existing, planEdges({ candidates, k, threshold, excluded: provided, kept }));
    const computedAt = new Date().toISOString();
    if (diff.remove.length) await tx.run(REMOVE_COMPUTED, { rows: diff.remove });
    const upserts = [...diff.create, ...diff.update];
    if (upserts.length) await tx.run(UPSERT_COMPUTED, { rows: upserts, method: edgeMethod(embedder), now: computedAt });
    return "relinked";
  });
  if (outcome === "relinked" && embedder.provider === "lexical") await bumpCorpus(1);
  return outcome;
}
