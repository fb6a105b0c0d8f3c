// The graph's version, as the rendered-page cache keys it: the bookmark Neo4j
// returns with a read, which names the last transaction committed to the
// database. Every write from any process (the app, `npm run ingest`, the
// Cypher console, another app instance) changes it, so no writer has to
// remember to invalidate anything: an answer cached under an older bookmark
// is simply never asked for again.
import neo4j from "neo4j-driver";
import { getDatabase, getDriver } from "../neo4j/driver";

/** One round trip: an auto-commit read whose bookmark is the database's last committed transaction. */
export async function graphVersion(): Promise<string> {
  const session = getDriver().session({ database: getDatabase(), defaultAccessMode: neo4j.session.READ });
  try {
    await session.run("RETURN 1");
    const bookmarks = session.lastBookmarks();
    if (bookmarks.length === 0) throw new Error("Neo4j returned no bookmark for a read; the page cache cannot tell graph versions apart");
    return [...bookmarks].sort().join(",");
  } finally {
    await session.close();
  }
}
