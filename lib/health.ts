// Health of the app's dependencies, for GET /api/health: whether Neo4j
// answers, its version, and the size of the graph.
import { getDriver, getDatabase, readQuery } from "./neo4j/driver";
import { isDatabaseUnavailable } from "./neo4j/errors";
import { toCount } from "./neo4j/ints";

export interface Health {
  ok: boolean;
  neo4j: { ok: boolean; uri: string | null; version: string | null; entities: number | null; error: string | null };
}

const COUNT = "MATCH (e:Entity) RETURN count(e) AS n";

export async function checkHealth(): Promise<Health> {
  let uri: string | null = null;
  try {
    const driver = getDriver();
    const info = await driver.getServerInfo({ database: getDatabase() });
    uri = info.address ?? null;
    const [row] = await readQuery(COUNT);
    return { ok: true, neo4j: { ok: true, uri, version: info.agent ?? null, entities: toCount(row?.n), error: null } };
  } catch (err) {
    const message = (err as Error).message;
    const what = isDatabaseUnavailable(err) ? "Neo4j is unreachable" : "Neo4j failed";
    return { ok: false, neo4j: { ok: false, uri, version: null, entities: null, error: `${what}: ${message}` } };
  }
}
