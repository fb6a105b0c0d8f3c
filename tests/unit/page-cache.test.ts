// The rendered-page cache: which requests it answers, what it keeps, and the
// wrapper around a real HTTP handler (the graph version is a counter here; the
// e2e suite checks it against Neo4j).
import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { AnswerCache } from "../../lib/page-cache/lru";
import { cacheKey, replayedHeaders, storable } from "../../lib/page-cache/policy";
import { withPageCache, type Handler } from "../../lib/page-cache/serve";

const get = (url: string, headers: Record<string, string> = {}) => ({ method: "GET", url, headers });

describe("cacheKey", () => {
  it("caches anonymous GETs of entity pages, their JSON and the home page", () => {
    expect(cacheKey(get("/entities/framework%3Ax"))).toBe("identity /entities/framework%3Ax");
    expect(cacheKey(get("/api/entities/framework%3Ax/neighbourhood"))).toBe("identity /api/entities/framework%3Ax/neighbourhood");
    expect(cacheKey(get("/", { "accept-encoding": "gzip, deflate, br" }))).toBe("gzip /");
  });

  it("normalises the order of the paging parameters", () => {
    expect(cacheKey(get("/entities/a%3Ab?page=2&group=paper"))).toBe("identity /entities/a%3Ab?group=paper&page=2");
  });

  it("sends everything else to the app", () => {
    expect(cacheKey({ method: "POST", url: "/entities/a%3Ab", headers: {} })).toBeNull();
    expect(cacheKey({ method: "HEAD", url: "/entities/a%3Ab", headers: {} })).toBeNull();
    expect(cacheKey(get("/candidates"))).toBeNull();
    expect(cacheKey(get("/entities/"))).toBeNull();
    expect(cacheKey(get("/entities/a%3Ab?notice=added"))).toBeNull();
    expect(cacheKey(get("/entities/a%3Ab?page=1&page=2"))).toBeNull();
    expect(cacheKey(get("/entities/a%3Ab?_rsc=1x2"))).toBeNull();
    expect(cacheKey(get("/entities/a%3Ab", { rsc: "1" }))).toBeNull();
    expect(cacheKey(get("/entities/a%3Ab", { "next-router-prefetch": "1" }))).toBeNull();
    expect(cacheKey(get("/entities/a%3Ab", { cookie: "theme=dark; atlas_session=abc" }))).toBeNull();
    expect(cacheKey(get("/entities/a%3Ab", { cookie: "theme=dark" }))).toBe("identity /entities/a%3Ab");
  });
});

describe("storable and replayedHeaders", () => {
  it("keeps complete 200 answers of HTML or JSON that set no cookie", () => {
    expect(storable({ status: 200, headers: { "content-type": "text/html; charset=utf-8" }, bytes: 10 })).toBe(true);
    expect(storable({ status: 200, headers: { "content-type": "application/json" }, bytes: 10 })).toBe(true);
    expect(storable({ status: 404, headers: { "content-type": "text/html" }, bytes: 10 })).toBe(false);
    expect(storable({ status: 503, headers: { "content-type": "text/html" }, bytes: 10 })).toBe(false);
    expect(storable({ status: 200, headers: { "content-type": "text/html", "set-cookie": ["a=b"] }, bytes: 10 })).toBe(false);
    expect(storable({ status: 200, headers: { "content-type": "image/png" }, bytes: 10 })).toBe(false);
    expect(storable({ status: 200, headers: { "content-type": "text/html" }, bytes: 50 * 1024 * 1024 })).toBe(false);
  });

  it("does not replay per-response headers", () => {
    expect(replayedHeaders({ date: "x", "content-length": 5, "content-type": "text/html", vary: "rsc", connection: "keep-alive" })).toEqual({
      "content-type": "text/html",
      vary: "rsc",
    });
  });
});

describe("AnswerCache", () => {
  const answer = (n: number) => ({ headers: {}, body: Buffer.alloc(n) });
  it("evicts the least recently used entries beyond its byte budget", () => {
    const cache = new AnswerCache(250);
    cache.set("a", answer(99));
    cache.set("b", answer(99));
    expect(cache.get("a")).toBeDefined(); // a is now the most recent
    cache.set("c", answer(99));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
    expect(cache.usedBytes).toBeLessThanOrEqual(250);
  });

  it("refuses an answer larger than the whole budget", () => {
    const cache = new AnswerCache(100);
    cache.set("big", answer(200));
    expect(cache.size).toBe(0);
  });
});

describe("withPageCache", () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(handler: Handler, version: () => Promise<string>) {
    const wrapped = withPageCache(handler, { maxBytes: 1 << 20, version });
    server = createServer((req, res) => void wrapped(req, res));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers });
  }

  it("answers a repeated request from memory until the graph version changes", async () => {
    let renders = 0;
    let version = 1;
    const fetchPage = await serve(async (_req, res) => {
      renders++;
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.write(`<p>render ${renders}`);
      res.end(` at version ${version}</p>`);
    }, async () => `v${version}`);
    const first = await fetchPage("/entities/a%3Ab");
    expect(first.headers.get("x-atlas-cache")).toBe("miss");
    expect(await first.text()).toBe("<p>render 1 at version 1</p>");
    const second = await fetchPage("/entities/a%3Ab");
    expect(second.headers.get("x-atlas-cache")).toBe("hit");
    expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await second.text()).toBe("<p>render 1 at version 1</p>");
    version = 2;
    const third = await fetchPage("/entities/a%3Ab");
    expect(third.headers.get("x-atlas-cache")).toBe("miss");
    expect(await third.text()).toBe("<p>render 2 at version 2</p>");
    expect(renders).toBe(2);
  });

  it("replays compressed bytes only to clients that accept them", async () => {
    const fetchPage = await serve(async (req, res) => {
      res.setHeader("content-type", "application/json");
      if (/gzip/.test(String(req.headers["accept-encoding"]))) {
        res.setHeader("content-encoding", "gzip");
        res.end(gzipSync('{"ok":true}'));
      } else res.end('{"ok":true}');
    }, async () => "v1");
    for (let i = 0; i < 2; i++) {
      expect(await (await fetchPage("/api/entities/a%3Ab", { "accept-encoding": "gzip" })).json()).toEqual({ ok: true });
      expect(await (await fetchPage("/api/entities/a%3Ab", { "accept-encoding": "identity" })).json()).toEqual({ ok: true });
    }
  });

  it("never keeps errors, and sends requests to the app when the version cannot be read", async () => {
    let renders = 0;
    let down = false;
    const fetchPage = await serve(async (_req, res) => {
      renders++;
      res.statusCode = down ? 503 : 404;
      res.setHeader("content-type", "text/html");
      res.end("no");
    }, async () => {
      if (down) throw new Error("ServiceUnavailable");
      return "v1";
    });
    await fetchPage("/entities/a%3Ab");
    await fetchPage("/entities/a%3Ab");
    expect(renders).toBe(2);
    down = true;
    const res = await fetchPage("/entities/a%3Ab");
    expect(res.status).toBe(503);
    expect(res.headers.get("x-atlas-cache")).toBe("bypass");
  });
});
