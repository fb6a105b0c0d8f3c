// Read-only execution of arbitrary Cypher for the query console: the query is
// planned first (EXPLAIN) and refused unless Neo4j classifies it as read-only,
// then run in a READ transaction, which the server also enforces.
import neo4j from "neo4j-driver";
import { getDatabase, getDriver } from "./driver";
import { toPlain, type Plain } from "./ints";

export class ReadOnlyViolation extends Error {
  constructor(queryType: string) {
    super(`Only read queries are allowed here (this one is of type "${queryType}"); use npm run ingest to change data.`);
    this.name = "ReadOnlyViolation";
  }
}

export async function runReadOnly(
  query: string,
  params: Record<string, unknown>,
  onRow: (row: Record<string, Plain>) => void,
): Promise<void> {
  const session = getDriver().session({ database: getDatabase(), defaultAccessMode: neo4j.session.READ });
  try {
    const plan = await session.executeRead((tx) => tx.run(`EXPLAIN ${query}`, params));
    const queryType = plan.summary.queryType;
    if (queryType !== "r") throw new ReadOnlyViolation(queryType);
    await session.executeRead(async (tx) => {
      for await (const record of tx.run(query, params)) {
        const row: Record<string, Plain> = {};
        for (const key of record.keys) row[String(key)] = toPlain(record.get(key));
        onRow(row);
      }
    });
  } finally {
    await session.close();
  }
}
