// Makes sure a database is there for a command: the user's (NEO4J_URI, or
// NEO4J_TEST_URI for tests) after checking it answers, or the project's own
// local server, started on demand. Used by scripts, never by the app.
import neo4j from "neo4j-driver";
import { PROJECT_ROOT, readEnv } from "../config";
import { connectionFromEnv, testConnectionFromEnv, type Connection } from "./connection";
import { startLocalServer } from "./local-server";

export type Profile = "dev" | "test";

/** Checks that a connection answers; throws an error that says what to do. */
export async function verifyConnection(conn: Connection): Promise<string> {
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.username, conn.password), { connectionTimeout: 10_000 });
  try {
    const info = await driver.getServerInfo({ database: conn.database });
    return `${info.agent ?? "Neo4j"} at ${conn.uri}`;
  } catch (err) {
    const reason = (err as Error).message;
    const hint = /authentication|unauthorized|credentials/i.test(reason)
      ? "check NEO4J_USERNAME and NEO4J_PASSWORD"
      : "check that the server is running and the URI is right (neo4j+s:// for Aura, neo4j:// for clusters)";
    throw new Error(`Cannot reach Neo4j at ${conn.uri} (from ${conn.origin}): ${reason}\nWhat to do: ${hint}.`);
  } finally {
    await driver.close();
  }
}

export async function ensureDatabase(profile: Profile, log: (line: string) => void = () => {}): Promise<Connection> {
  const env = readEnv();
  const explicit = profile === "dev" ? connectionFromEnv(env) : testConnectionFromEnv(env);
  if (explicit) {
    log(`Using ${await verifyConnection(explicit)} (from ${explicit.origin}).`);
    return explicit;
  }
  const info = await startLocalServer({
    root: PROJECT_ROOT,
    name: profile,
    port: profile === "dev" ? env.NEO4J_PORT : env.NEO4J_TEST_PORT,
    log,
  });
  return { uri: info.uri, username: info.username, password: info.password, origin: `local ${profile} server` };
}

/** Environment variables that point a child process (e.g. the Next server) at a connection. */
export function connectionEnv(conn: Connection): Record<string, string> {
  // NEO4J_DATABASE is always set (empty = the server default) so a value inherited from the shell cannot leak in.
  return { NEO4J_URI: conn.uri, NEO4J_USERNAME: conn.username, NEO4J_PASSWORD: conn.password, NEO4J_DATABASE: conn.database ?? "" };
}
