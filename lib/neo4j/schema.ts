// The database schema, created idempotently: a uniqueness constraint on the
// entity id, range indexes on kind and name, and a full-text index over
// name, aliases and description (used by search).
import { writeQuery } from "./driver";

export const FULLTEXT_INDEX = "entity_text";

export const SCHEMA_STATEMENTS = [
  "CREATE CONSTRAINT entity_id_unique IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
  "CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind)",
  "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
  "CREATE INDEX entity_community IF NOT EXISTS FOR (e:Entity) ON (e.community)",
  "CREATE CONSTRAINT community_id_unique IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE",
  // Stored neighbour rankings of hubs (lib/entities/rankings.ts).
  "CREATE INDEX ranking_entity IF NOT EXISTS FOR (r:Ranking) ON (r.entity)",
  "CREATE CONSTRAINT ranking_lock_unique IF NOT EXISTS FOR (l:RankingLock) REQUIRE l.id IS UNIQUE",
  `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases, e.description]`,
] as const;

export async function ensureSchema(): Promise<void> {
  for (const statement of SCHEMA_STATEMENTS) await writeQuery(statement);
  // Index population is asynchronous; wait so the first queries can use them.
  await writeQuery("CALL db.awaitIndexes(300)");
}
