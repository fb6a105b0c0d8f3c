// The database schema, created idempotently: a uniqueness constraint on the
// entity id, range indexes on kind and name, a full-text index over name,
// aliases and description (used by search), and the curation store's keys.
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
  `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases, e.description]`,
] as const;

export async function ensureSchema(): Promise<void> {
  for (const statement of SCHEMA_STATEMENTS) await writeQuery(statement);
  // Index population is asynchronous; wait so the first queries can use them.
  await writeQuery("CALL db.awaitIndexes(300)");
}
