// Data for the home page: how many entities of each kind, and the entities
// with the most typed edges. Plain objects only.
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { loadVocabulary } from "../vocabulary";

export interface KindCount {
  kind: string;
  label: string;
  plural: string;
  count: number;
}

export interface EntitySummary {
  id: string;
  kind: string;
  name: string;
  description: string | null;
  edges: number;
}

export interface HomeData {
  total: number;
  kinds: KindCount[];
  topEntities: EntitySummary[];
}

// Redirects left by a merge (status 'merged') are not counted or listed.
export const COUNT_BY_KIND = "MATCH (e:Entity) WHERE coalesce(e.status, 'active') <> 'merged' RETURN e.kind AS kind, count(*) AS count";

// Degree counts typed edges only (similarity edges are not relations).
export const TOP_ENTITIES = `
MATCH (e:Entity)
WHERE coalesce(e.status, 'active') <> 'merged'
WITH e, COUNT { (e)-[r]-(:Entity) WHERE type(r) <> 'SIMILAR_TO' } AS edges
ORDER BY edges DESC, e.name ASC
LIMIT $limit
RETURN e.id AS id, e.kind AS kind, e.name AS name, e.description AS description, edges`;

export async function getHomeData(limit = 50): Promise<HomeData> {
  const vocab = loadVocabulary();
  const [counts, top] = await Promise.all([readQuery(COUNT_BY_KIND), readQuery(TOP_ENTITIES, { limit: cypherInt(limit) })]);
  const byKind = new Map(counts.map((r) => [String(r.kind), toCount(r.count)]));
  const kinds = vocab.kinds
    .map((k) => ({ kind: k.key, label: k.label, plural: k.plural, count: byKind.get(k.key) ?? 0 }))
    .filter((k) => k.count > 0);
  return {
    total: kinds.reduce((s, k) => s + k.count, 0),
    kinds,
    topEntities: top.map((r) => ({
      id: String(r.id),
      kind: String(r.kind),
      name: String(r.name),
      description: r.description === null ? null : String(r.description),
      edges: toCount(r.edges),
    })),
  };
}

