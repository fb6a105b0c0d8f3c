// The database schema, created idempotently: a uniqueness constraint on the
// entity id, range indexes on kind and name, a full-text index over name,
// aliases and description (used by search), the curation store's keys, and the
// vector index over entity embeddings, whose dimension follows the embedder in use.
import { readQuery, writeQuery } from "./driver";

export const FULLTEXT_INDEX = "entity_text";

export const SCHEMA_STATEMENTS = [
  "CREATE CONSTRAINT entity_id_unique IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
  "CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind)",
  "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
  "CREATE INDEX entity_community IF NOT EXISTS FOR (e:Entity) ON (e.community)",
  // Redirects left by merges (lib/duplicates): who points at an entity, and the map ingest rewrites rows with.
  "CREATE INDEX entity_merged_into IF NOT EXISTS FOR (e:Entity) ON (e.mergedInto)",
  "CREATE CONSTRAINT community_id_unique IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE",
  // Stored neighbour rankings of hubs (lib/entities/rankings.ts).
  "CREATE INDEX ranking_entity IF NOT EXISTS FOR (r:Ranking) ON (r.entity)",
  "CREATE CONSTRAINT ranking_lock_unique IF NOT EXISTS FOR (l:RankingLock) REQUIRE l.id IS UNIQUE",
  // Curation (lib/auth, lib/curation): accounts, sessions, per-pair decisions, the audit log.
  "CREATE CONSTRAINT curator_name_unique IF NOT EXISTS FOR (c:Curator) REQUIRE c.name IS UNIQUE",
  "CREATE CONSTRAINT session_token_unique IF NOT EXISTS FOR (s:Session) REQUIRE s.tokenHash IS UNIQUE",
  "CREATE INDEX session_curator IF NOT EXISTS FOR (s:Session) ON (s.curator)",
  "CREATE CONSTRAINT decision_pair_unique IF NOT EXISTS FOR (d:Decision) REQUIRE d.pair IS UNIQUE",
  // Idempotency: one audit entry per operation id, so a retried request applies once.
  "CREATE CONSTRAINT audit_op_unique IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.opId IS UNIQUE",
  "CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)",
  "CREATE INDEX audit_a IF NOT EXISTS FOR (a:AuditEntry) ON (a.a)",
  "CREATE INDEX audit_b IF NOT EXISTS FOR (a:AuditEntry) ON (a.b)",
  // Candidate lists (lib/candidates): readers of the queue follow the log of list changes.
  "CREATE CONSTRAINT queue_log_unique IF NOT EXISTS FOR (q:QueueLog) REQUIRE q.id IS UNIQUE",
  "CREATE INDEX queue_change_seq IF NOT EXISTS FOR (c:QueueChange) ON (c.seq)",
  `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases, e.description]`,
] as const;

export async function ensureSchema(): Promise<void> {
  for (const statement of SCHEMA_STATEMENTS) await writeQuery(statement);
  // Index population is asynchronous; wait so the first queries can use them.
  await writeQuery("CALL db.awaitIndexes(300)");
}

export const VECTOR_INDEX = "entity_embedding";

export const SHOW_VECTOR_INDEX = "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options";

/**
 * The cosine vector index for `dimensions`. HNSW with quantization off: the
 * scores it returns are then the stored float32 cosines, and recall is higher.
 * m 48, ef_construction 64 (Neo4j's defaults are 16 and 100): on the 100k
 * benchmark graph, whose texts all look alike, more links per node bought more
 * recall than a wider build search, for less build time. Measured with 64
 * candidates per query, recall@20 against exact search, index built on one
 * thread: 16/100 130 s and 95.3%; 48/64 90 s and 96.6%; 64/64 94 s and 97.1%;
 * 24/64 61 s, 32/40 46 s and 64/48 52 s all under 95%.
 * The dimension is an integer we checked, spliced because index options are literals.
 */
export const createVectorIndex = (dimensions: number) => `
CREATE VECTOR INDEX ${VECTOR_INDEX} IF NOT EXISTS FOR (e:Entity) ON (e.embedding)
OPTIONS {indexConfig: {
  \`vector.dimensions\`: ${dimensions},
  \`vector.similarity_function\`: 'cosine',
  \`vector.quantization.enabled\`: false,
  \`vector.hnsw.m\`: 48,
  \`vector.hnsw.ef_construction\`: 64
}}`;

/** The dimension of the existing vector index, or null when there is none. */
export async function vectorIndexDimensions(): Promise<number | null> {
  const [row] = await readQuery(SHOW_VECTOR_INDEX, { name: VECTOR_INDEX });
  const config = (row?.options as { indexConfig?: Record<string, unknown> } | undefined)?.indexConfig;
  const dims = config?.["vector.dimensions"];
  return typeof dims === "number" ? dims : null;
}

/**
 * Makes sure the vector index exists for `dimensions`. An index of another
 * dimension (the provider or model changed) is dropped and rebuilt; the
 * answer says so, because every entity is then embedded and indexed again.
 */
export async function ensureVectorIndex(dimensions: number): Promise<{ created: boolean; previous: number | null }> {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 4096) throw new Error(`invalid vector dimension ${dimensions}`);
  const previous = await vectorIndexDimensions();
  if (previous === dimensions) return { created: false, previous };
  if (previous !== null) await writeQuery(`DROP INDEX ${VECTOR_INDEX} IF EXISTS`);
  await writeQuery(createVectorIndex(dimensions));
  return { created: true, previous };
}

/** Drops the vector index (bulk embedding: rebuilding it once afterwards is far cheaper than updating it per batch). */
export async function dropVectorIndex(): Promise<void> {
  await writeQuery(`DROP INDEX ${VECTOR_INDEX} IF EXISTS`);
}
