// Guarded reset of a test database. A database is only ever wiped when it is
// empty or carries the marker node this project's test runs leave behind, so
// a test run never wipes a database it did not create.
import { getDatabase, getDriver, readQuery, writeQuery } from "./driver";
import { toCount } from "./ints";

export const TEST_MARKER_LABEL = "InterpAtlasTestDatabase";

export class RefusingToWipeError extends Error {
  constructor(uri: string) {
    super(
      `Refusing to wipe the database at ${uri}: it holds data and was not created by an Interp Atlas test run. ` +
        "Point NEO4J_TEST_URI at an empty database (or unset it to use the project's local test server).",
    );
    this.name = "RefusingToWipeError";
  }
}

const HAS_MARKER = `MATCH (m:${TEST_MARKER_LABEL}) RETURN count(m) AS n`;
const ANY_NODE = "MATCH (n) RETURN count(n) AS n LIMIT 1";
const WIPE = `MATCH (n) WHERE NOT n:${TEST_MARKER_LABEL} CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`;
const MARK = `MERGE (m:${TEST_MARKER_LABEL}) ON CREATE SET m.createdAt = datetime()`;

/** Deletes every node and relationship (schema is kept) of a test database. */
export async function resetTestDatabase(uri: string): Promise<void> {
  const marked = toCount((await readQuery(HAS_MARKER))[0]?.n) > 0;
  if (!marked) {
    const nodes = toCount((await readQuery(ANY_NODE))[0]?.n);
    if (nodes > 0) throw new RefusingToWipeError(uri);
    await writeQuery(MARK);
  }
  // CALL … IN TRANSACTIONS needs an auto-commit transaction.
  const session = getDriver().session({ database: getDatabase() });
  try {
    await session.run(WIPE);
  } finally {
    await session.close();
  }
}
