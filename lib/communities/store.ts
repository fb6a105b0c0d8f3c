// Recomputes communities from the typed graph in Neo4j and stores them:
// `community` and `subcommunity` on every entity, and one (:Community) node
// per community with its label (its most central members) and size, so pages
// read them instead of recomputing. Run after ingest and after curation.
import { inWriteTransaction, readQuery } from "../neo4j/driver";
import { toCount } from "../neo4j/ints";
import { detectCommunities } from "./detect";

// Redirects left by a merge (status 'merged') belong to no community.
export const ALL_ENTITIES = `
MATCH (e:Entity)
WHERE coalesce(e.status, 'active') <> 'merged'
RETURN e.id AS id, e.name AS name, COUNT { (e)--() } - COUNT { (e)-[:SIMILAR_TO]-() } AS degree`;
export const ALL_TYPED_EDGES = "MATCH (a:Entity)-[r]->(b:Entity) WHERE NOT r:SIMILAR_TO RETURN a.id AS a, b.id AS b";
export const SET_COMMUNITIES = `
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e.community = row.c, e.subcommunity = row.s`;
export const CLEAR_MERGED_COMMUNITIES = "MATCH (e:Entity {status: 'merged'}) WHERE e.community IS NOT NULL REMOVE e.community, e.subcommunity";
export const CLEAR_COMMUNITY_NODES = "MATCH (c:Community) DETACH DELETE c";
export const CREATE_COMMUNITY_NODES = "UNWIND $rows AS row CREATE (c:Community) SET c = row";

export interface CommunitySummary {
  communities: number;
  largest: number;
  singletons: number;
  seconds: number;
}

export async function recomputeCommunities(): Promise<CommunitySummary> {
  const started = Date.now();
  const [entities, edges] = await Promise.all([readQuery(ALL_ENTITIES), readQuery(ALL_TYPED_EDGES)]);
  const info = new Map(entities.map((e) => [String(e.id), { name: String(e.name), degree: toCount(e.degree) }]));
  // Sorted, so the same graph always gets the same communities whatever order the store returns it in
  // (an undone merge recreates edges, which the store then lists in another order).
  const pairs = edges.map((e): [string, string] => [String(e.a), String(e.b)]).sort((x, y) => (x[0] === y[0] ? (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) : x[0] < y[0] ? -1 : 1));
  const result = detectCommunities([...info.keys()].sort(), pairs);
  const communityRows = result.members.map((members, id) => {
    const central = [...members].sort((a, b) => (info.get(b)?.degree ?? 0) - (info.get(a)?.degree ?? 0) || (a < b ? -1 : 1));
    return { id, size: members.length, label: central.slice(0, 3).map((m) => info.get(m)?.name ?? m).join(" · ") };
  });
  const rows = [...result.community].map(([id, c]) => ({ id, c, s: result.sub.get(id) ?? `${c}.0` }));
  await inWriteTransaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 10_000) await tx.run(SET_COMMUNITIES, { rows: rows.slice(i, i + 10_000) });
    await tx.run(CLEAR_MERGED_COMMUNITIES);
    await tx.run(CLEAR_COMMUNITY_NODES);
    for (let i = 0; i < communityRows.length; i += 10_000) await tx.run(CREATE_COMMUNITY_NODES, { rows: communityRows.slice(i, i + 10_000) });
  });
  return {
    communities: communityRows.length,
    largest: communityRows[0]?.size ?? 0,
    singletons: communityRows.filter((c) => c.size === 1).length,
    seconds: (Date.now() - started) / 1000,
  };
}

/** After an ingest: recompute when the run changed anything or no communities exist yet. */
export async function communitiesStale(changedRows: number): Promise<boolean> {
  if (changedRows > 0) return true;
  const [row] = await readQuery("MATCH (c:Community) WITH c LIMIT 1 RETURN count(c) AS n");
  const [entities] = await readQuery("MATCH (e:Entity) WITH e LIMIT 1 RETURN count(e) AS n");
  return toCount(row?.n) === 0 && toCount(entities?.n) > 0;
}
