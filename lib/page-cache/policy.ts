// Which requests the rendered-page cache may answer, and which responses it
// may keep. Pure, so the rules are unit-tested without a server.
//
// Only what every anonymous reader sees identically is cached: GET requests
// for entity pages, their JSON, and the home page, without a session cookie
// (a curator's page carries forms and notices), without Next's client-router
// headers (those ask for an RSC payload, not HTML), and with no query
// parameters other than the paging ones. Everything else goes to Next as usual.
import { SESSION_COOKIE } from "../auth/tokens";

/** Paths whose GET answer depends only on the URL and the graph. */
const CACHED_PREFIXES = ["/entities/", "/api/entities/"];
const CACHED_EXACT = ["/"];
/** Query parameters that select a view (paging); any other parameter bypasses the cache. */
const VIEW_PARAMS = new Set(["group", "page"]);
/** Headers of Next's client router and server actions: such requests never get cached HTML. */
const ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action"];

export interface RequestFacts {
  method: string;
  /** Path and query as sent, e.g. "/entities/x%3Ay?group=paper&page=2". */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const header = (h: RequestFacts["headers"], name: string): string => {
  const v = h[name];
  return Array.isArray(v) ? v.join(", ") : (v ?? "");
};

function hasSessionCookie(cookie: string): boolean {
  return cookie.split(";").some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

/**
 * The cache key of a request (path, sorted view parameters and the response
 * encoding it accepts), or null when the request must go to the app.
 */
export function cacheKey(req: RequestFacts): string | null {
  if (req.method !== "GET") return null;
  let url: URL;
  try {
    url = new URL(req.url, "http://cache.invalid");
  } catch {
    return null;
  }
  const path = url.pathname;
  if (!CACHED_EXACT.includes(path) && !CACHED_PREFIXES.some((p) => path.startsWith(p) && path.length > p.length)) return null;
  if (ROUTER_HEADERS.some((h) => header(req.headers, h) !== "")) return null;
  if (hasSessionCookie(header(req.headers, "cookie"))) return null;
  const params = [...url.searchParams.entries()];
  if (params.some(([k]) => !VIEW_PARAMS.has(k))) return null;
  if (new Set(params.map(([k]) => k)).size !== params.length) return null;
  params.sort(([a], [b]) => (a < b ? -1 : 1));
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  // Next compresses when the client accepts gzip; the cached bytes are what went on the wire.
  const encoding = /\bgzip\b/.test(header(req.headers, "accept-encoding")) ? "gzip" : "identity";
  return `${encoding} ${path}${query ? `?${query}` : ""}`;
}

/** Hop-by-hop and per-response headers (our own cache outcome included) that are not replayed from the cache. */
const NOT_REPLAYED = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "set-cookie", "x-atlas-cache"]);

export interface ResponseFacts {
  status: number;
  headers: Record<string, number | string | string[] | undefined>;
  bytes: number;
}

/** The largest single answer kept (a hub's page is ~300 kB). */
export const MAX_ENTRY_BYTES = 2 * 1024 * 1024;

/** Whether an answer may be kept: a complete 200 of HTML or JSON that sets no cookie. */
export function storable(res: ResponseFacts): boolean {
  if (res.status !== 200 || res.bytes > MAX_ENTRY_BYTES) return false;
  if (res.headers["set-cookie"] !== undefined) return false;
  const type = String(res.headers["content-type"] ?? "");
  return type.startsWith("text/html") || type.startsWith("application/json");
}

/** The headers replayed on a hit. */
export function replayedHeaders(headers: ResponseFacts["headers"]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || NOT_REPLAYED.has(k.toLowerCase())) continue;
    out[k] = typeof v === "number" ? String(v) : v;
  }
  return out;
}
