// Precomputed neighbour rankings for hubs. Ranking 10,000+ neighbours by
// edge count on every page view costs a few hundred milliseconds, so for
// entities with at least RANKING_MIN_NEIGHBOURS typed neighbours the ranked
// member ids of each kind are stored once in (:Ranking {entity, kind, total,
// members}) nodes, and the page slices them (lib/entities/query.ts).
//
// A stored ranking is never stale: every write that changes the typed graph
// deletes the rankings it may affect in its own transaction (the page then
// ranks live, correctly but slower), and recomputeRankings() rebuilds them
// after the write. A lock node serialises the two, so a recomputation that
// read the graph before a write committed can never outlive that write.
import { inWriteTransaction, readQuery, type WriteTx } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { RANK_NEIGHBOURS_BY_KIND } from "./ranking";

/** Below this many typed neighbours the live ranking is fast enough (~15 ms). */
export const RANKING_MIN_NEIGHBOURS = 1000;

/** Taken first by every writer of rankings or of the typed graph: an exclusive lock until commit. */
export const LOCK_RANKINGS = "MERGE (l:RankingLock {id: 'rankings'}) SET l.version = coalesce(l.version, 0) + 1";

export const DELETE_ALL_RANKINGS = "MATCH (r:Ranking) DELETE r";

/** Rankings of the given entities and of every hub next to them (their neighbours' degrees changed). */
export const DELETE_RANKINGS_AROUND = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  MATCH (r:Ranking {entity: e.id}) RETURN r
  UNION
  MATCH (e)--(h:Entity)
  MATCH (r:Ranking {entity: h.id}) RETURN r
}
WITH DISTINCT r
DELETE r`;

/** Inside a write transaction that changed the typed graph everywhere (an ingest): drop every ranking. */
export async function invalidateAllRankings(tx: WriteTx): Promise<void> {
  await tx.run(LOCK_RANKINGS);
  await tx.run(DELETE_ALL_RANKINGS);
}

/** Inside a write transaction that touched edges or properties of `ids`: drop the rankings it may change. */
export async function invalidateRankingsAround(tx: WriteTx, ids: string[]): Promise<void> {
  await tx.run(LOCK_RANKINGS);
  await tx.run(DELETE_RANKINGS_AROUND, { ids });
}

/** Entities with enough typed neighbours to deserve a stored ranking, and whether they have one. */
export const HUBS = `
MATCH (e:Entity)
WHERE COUNT { (e)--() } >= $min
WITH e, COUNT { (e)-[r]-(n:Entity) WHERE NOT r:SIMILAR_TO } AS typed
WHERE typed >= $min
RETURN e.id AS id, EXISTS { MATCH (r:Ranking {entity: e.id}) } AS ranked`;

/** The page's ranking rule (links to this entity, then own typed degree, then name), stored per kind. */
export const STORE_RANKING = `
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (old:Ranking {entity: e.id})
DELETE old
WITH DISTINCT e
${RANK_NEIGHBOURS_BY_KIND}
CREATE (:Ranking {entity: $id, kind: kind, total: size(ranked), members: [n IN ranked | n.id]})
RETURN count(*) AS kinds`;

export interface RankingResult {
  hubs: number;
  computed: number;
  seconds: number;
}

/** Stores the rankings of every hub that lacks one (all of them with `all`), one transaction per hub. */
export async function recomputeRankings(opts: { all?: boolean } = {}): Promise<RankingResult> {
  const t0 = performance.now();
  const hubs = await readQuery(HUBS, { min: cypherInt(RANKING_MIN_NEIGHBOURS) });
  let computed = 0;
  for (const hub of hubs) {
    if (hub.ranked === true && !opts.all) continue;
    await inWriteTransaction(async (tx) => {
      await tx.run(LOCK_RANKINGS);
      return toCount((await tx.run(STORE_RANKING, { id: String(hub.id) }))[0]?.kinds);
    });
    computed++;
  }
  return { hubs: hubs.length, computed, seconds: (performance.now() - t0) / 1000 };
}
