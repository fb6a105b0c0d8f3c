// Test database access: NEO4J_TEST_URI when given, else the project's local
// test server (its own port and data folder). NEO4J_URI, the user's data, is
// never used here.
import path from "node:path";
import { PROJECT_ROOT } from "../../lib/config";
import { testConnectionFromEnv, useConnection, type Connection } from "../../lib/neo4j/connection";
import { closeDriver } from "../../lib/neo4j/driver";
import { ensureDatabase } from "../../lib/neo4j/ensure";
import { resetTestDatabase } from "../../lib/neo4j/test-database";
import { ensureSchema } from "../../lib/neo4j/schema";

let conn: Connection | null = null;

export async function testConnection(): Promise<Connection> {
  conn ??= testConnectionFromEnv() ?? (await ensureDatabase("test"));
  return conn;
}

/** Points lib/ at the test database and empties it (schema kept and ensured). */
export async function freshTestDatabase(): Promise<Connection> {
  const c = await testConnection();
  await closeDriver();
  useConnection(c);
  await resetTestDatabase(c.uri);
  await ensureSchema();
  return c;
}

/** Environment for child processes (CLI scripts) so they use the test database. */
export async function testChildEnv(): Promise<NodeJS.ProcessEnv> {
  const c = await testConnection();
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_TEST_URI: c.uri, NEO4J_TEST_USERNAME: c.username, NEO4J_TEST_PASSWORD: c.password };
  if (c.database) env.NEO4J_TEST_DATABASE = c.database;
  delete env.NEO4J_URI;
  return env;
}

export const DATA_DIR = path.join(PROJECT_ROOT, "data");
export const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
export const script = (name: string) => path.join(PROJECT_ROOT, "scripts", `${name}.ts`);

/** A clean test database holding exactly the circuits dataset of data/. */
export async function freshDatasetDatabase(): Promise<Connection> {
  const c = await freshTestDatabase();
  const { ingest } = await import("../../lib/ingest/ingest");
  await ingest({ paths: [DATA_DIR], batchSize: 1000 });
  return c;
}
