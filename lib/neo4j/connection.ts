// Which Neo4j to talk to. Order: an explicit override (tests), NEO4J_URI and
// friends, then the project's own local server (password from its git-ignored
// file). Resolution never starts a server; see ensure.ts for that.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, readEnv } from "../config";

export interface Connection {
  uri: string;
  username: string;
  password: string;
  database?: string;
  /** Where the settings came from, for messages ("NEO4J_URI", "local dev server"). */
  origin: string;
}

export class NotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotConfiguredError";
  }
}

let override: Connection | null = null;

/** Pins the connection for this process (tests use it to select the test database). */
export function useConnection(conn: Connection | null): void {
  override = conn;
}

export function localPasswordFile(name: "dev" | "test", root = PROJECT_ROOT): string {
  return path.join(root, ".neo4j", name, "password");
}

export function readPasswordFile(file: string): string | null {
  try {
    const value = readFileSync(file, "utf8").trim();
    return value === "" ? null : value;
  } catch {
    return null;
  }
}

/** The user's Neo4j from NEO4J_URI etc., or null when NEO4J_URI is unset. */
export function connectionFromEnv(env = readEnv()): Connection | null {
  if (!env.NEO4J_URI) return null;
  return {
    uri: env.NEO4J_URI,
    username: env.NEO4J_USERNAME ?? "neo4j",
    password: env.NEO4J_PASSWORD ?? "",
    database: env.NEO4J_DATABASE,
    origin: "NEO4J_URI",
  };
}

/** The explicit test database from NEO4J_TEST_URI etc., or null. */
export function testConnectionFromEnv(env = readEnv()): Connection | null {
  if (!env.NEO4J_TEST_URI) return null;
  return {
    uri: env.NEO4J_TEST_URI,
    username: env.NEO4J_TEST_USERNAME ?? "neo4j",
    password: env.NEO4J_TEST_PASSWORD ?? "",
    database: env.NEO4J_TEST_DATABASE,
    origin: "NEO4J_TEST_URI",
  };
}

export function localConnection(name: "dev" | "test", env = readEnv()): Connection | null {
  const password = readPasswordFile(localPasswordFile(name));
  if (!password) return null;
  const port = name === "dev" ? env.NEO4J_PORT : env.NEO4J_TEST_PORT;
  return { uri: `bolt://127.0.0.1:${port}`, username: "neo4j", password, origin: `local ${name} server` };
}

export function resolveConnection(): Connection {
  if (override) return override;
  const fromEnv = connectionFromEnv();
  if (fromEnv) return fromEnv;
  const local = localConnection("dev");
  if (local) return local;
  throw new NotConfiguredError(
    "No Neo4j is configured: set NEO4J_URI (with NEO4J_USERNAME and NEO4J_PASSWORD), " +
      "or run `npm run db:start` to start the project's own local server.",
  );
}
