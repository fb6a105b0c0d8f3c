// The one Neo4j driver of this process: created lazily from the resolved
// connection, closed with closeDriver(). Everything in lib/ that talks to the
// database goes through here; driver objects never leave lib/.
import neo4j, { type Driver, type ManagedTransaction, type QueryResult } from "neo4j-driver";
import { toPlain, type Plain } from "./ints";
import { resolveConnection, type Connection } from "./connection";

let driver: Driver | null = null;
let driverConnection: Connection | null = null;

export function getDriver(): Driver {
  if (driver) return driver;
  const conn = resolveConnection();
  driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.username, conn.password), {
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 20_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 15_000,
    userAgent: "interp-atlas/0.1",
  });
  driverConnection = conn;
  return driver;
}

/** The database name in use (undefined = the server's default database). */
export function getDatabase(): string | undefined {
  if (!driverConnection) getDriver();
  return driverConnection?.database;
}

export async function closeDriver(): Promise<void> {
  const d = driver;
  driver = null;
  driverConnection = null;
  if (d) await d.close();
}

export type Row = Record<string, Plain>;

function rowsOf(result: QueryResult): Row[] {
  return result.records.map((record) => {
    const row: Row = {};
    for (const key of record.keys) row[String(key)] = toPlain(record.get(key));
    return row;
  });
}

/** Runs a read query (routed to readers in a cluster) and returns plain rows. */
export async function readQuery(cypher: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const result = await getDriver().executeQuery(cypher, params, {
    routing: neo4j.routing.READ,
    database: getDatabase(),
  });
  return rowsOf(result);
}

/** Runs a single-statement write and returns plain rows. */
export async function writeQuery(cypher: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const result = await getDriver().executeQuery(cypher, params, {
    routing: neo4j.routing.WRITE,
    database: getDatabase(),
  });
  return rowsOf(result);
}

/** A write transaction helper handed to `inWriteTransaction` callbacks. */
export interface WriteTx {
  run(cypher: string, params?: Record<string, unknown>): Promise<Row[]>;
}

/**
 * Runs `work` in one managed write transaction: everything it does commits
 * together or not at all (transient failures are retried by the driver, so
 * `work` must be safe to re-run from the start).
 */
export async function inWriteTransaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
  const session = getDriver().session({ database: getDatabase(), defaultAccessMode: neo4j.session.WRITE });
  try {
    return await session.executeWrite(async (tx: ManagedTransaction) =>
      work({ run: async (cypher, params = {}) => rowsOf(await tx.run(cypher, params)) }),
    );
  } finally {
    await session.close();
  }
}
