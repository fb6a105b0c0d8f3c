// The rendered-page cache in front of Next's request handler (used by
// scripts/serve.ts). For a cacheable request (policy.ts) it reads the graph
// version (one round trip to Neo4j) and answers from memory when the same
// request was rendered at that version; otherwise Next renders it as usual and
// the bytes it sends are kept. Pages stay exactly as fresh as without the
// cache: any committed write changes the version. When Neo4j cannot be asked,
// the request goes to Next, which shows the 503 page.
import type { IncomingMessage, ServerResponse } from "node:http";
import { AnswerCache } from "./lru";
import { cacheKey, MAX_ENTRY_BYTES, replayedHeaders, storable } from "./policy";

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface PageCacheOptions {
  maxBytes: number;
  version: () => Promise<string>;
  /** Called with "hit" | "miss" | "bypass" per request (benchmarks and tests count them). */
  onOutcome?: (outcome: "hit" | "miss" | "bypass") => void;
}

type Chunk = string | Uint8Array;

function toBuffer(chunk: Chunk, encoding?: unknown): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk);
}

/** Wraps `handle` with the cache. */
export function withPageCache(handle: Handler, opts: PageCacheOptions): Handler {
  const cache = new AnswerCache(opts.maxBytes);
  const outcome = opts.onOutcome ?? (() => {});
  return async (req, res) => {
    const request = cacheKey({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers });
    let version: string | null = null;
    if (request) {
      try {
        version = await opts.version();
      } catch {
        version = null; // Neo4j is away: Next answers (503 page, health endpoint).
      }
    }
    if (!request || version === null) {
      outcome("bypass");
      res.setHeader("x-atlas-cache", "bypass");
      return handle(req, res);
    }
    const key = `${version} ${request}`;
    const hit = cache.get(key);
    if (hit) {
      outcome("hit");
      res.writeHead(200, { ...hit.headers, "x-atlas-cache": "hit", "content-length": String(hit.body.byteLength) });
      res.end(hit.body);
      return;
    }
    outcome("miss");
    res.setHeader("x-atlas-cache", "miss");
    // Keep a copy of exactly what goes on the wire (after Next's compression).
    const chunks: Buffer[] = [];
    let bytes = 0;
    let overflow = false;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (overflow || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const b = toBuffer(chunk as Chunk, encoding);
      bytes += b.byteLength;
      if (bytes > MAX_ENTRY_BYTES) overflow = true; // too large to keep: stop copying, keep sending
      else chunks.push(b);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      const headers = res.getHeaders();
      if (!overflow && !res.destroyed && storable({ status: res.statusCode, headers, bytes })) {
        cache.set(key, { headers: replayedHeaders(headers), body: Buffer.concat(chunks) });
      }
      return end(chunk, ...rest);
    }) as typeof res.end;
    return handle(req, res);
  };
}
