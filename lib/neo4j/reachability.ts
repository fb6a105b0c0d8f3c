// A cheap, cached "is Neo4j reachable?" check (a TCP connect to the Bolt
// address) for the request proxy, so pages can answer 503 quickly while the
// database is away and recover by themselves when it returns.
import net from "node:net";
import { resolveConnection } from "./connection";

export interface Endpoint {
  host: string;
  port: number;
}

/** Host and port of a Neo4j URI (bolt://, neo4j://, +s / +ssc variants); default port 7687. */
export function endpointOf(uri: string): Endpoint {
  const url = new URL(uri);
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port ? Number(url.port) : 7687 };
}

function tcpCheck({ host, port }: Endpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

let cached: { at: number; ok: boolean } | null = null;
let inFlight: Promise<boolean> | null = null;

/** True when the configured Neo4j accepts connections; cached 2 s when up, 0.5 s when down. */
export async function neo4jReachable(timeoutMs = 1500): Promise<boolean> {
  const now = Date.now();
  if (cached && now - cached.at < (cached.ok ? 2000 : 500)) return cached.ok;
  inFlight ??= (async () => {
    let ok = false;
    try {
      ok = await tcpCheck(endpointOf(resolveConnection().uri), timeoutMs);
    } catch {
      ok = false; // not configured, or an unparsable URI
    }
    cached = { at: Date.now(), ok };
    inFlight = null;
    return ok;
  })();
  return inFlight;
}
