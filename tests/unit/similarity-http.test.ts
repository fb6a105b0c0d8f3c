// The http provider against a real local HTTP server (node:http) speaking the
// OpenAI embeddings format: batching, order by index, a 429 then success, a
// timeout, and the errors people read.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../lib/config";

/** readEnv over just these variables (not the process environment). */
const readEnvOf = (vars: Record<string, string | undefined>) => readEnv(vars as NodeJS.ProcessEnv);
import { createHttpEmbedder } from "../../lib/similarity/http";

type Handler = (body: { model: string; input: string[] }, res: http.ServerResponse, req: http.IncomingMessage) => void;
let handler: Handler;
const requests: { model: string; input: string[]; auth?: string }[] = [];
let server: http.Server;
let url = "";

/** A deterministic fake model: [length, vowels, 1]. Answers in reverse order to test `index`. */
const answer: Handler = (body, res) => {
  const data = body.input.map((text, index) => ({ object: "embedding", index, embedding: [text.length, (text.match(/[aeiou]/g) ?? []).length, 1] }));
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ object: "list", data: data.reverse(), model: body.model }));
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as { model: string; input: string[] };
      requests.push({ ...body, auth: req.headers.authorization });
      handler(body, res, req);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const env = (extra: Record<string, string> = {}) =>
  readEnvOf({ EMBEDDING_API_URL: url, EMBEDDING_API_KEY: "sk-test", EMBEDDING_MODEL: "fake-3", EMBEDDING_BATCH_SIZE: "2", EMBEDDING_TIMEOUT_MS: "300", ...extra });
const inputs = ["alpha", "be", "gamma ray"].map((name, i) => ({ id: `concept:x${i}`, name, aliases: [], description: null }));

describe("http embedder", () => {
  it("batches, sends the model and key, orders by index and normalises", async () => {
    handler = answer;
    requests.length = 0;
    const em = createHttpEmbedder(env());
    const vs = await em.embed(inputs);
    expect(requests.map((r) => r.input)).toEqual([["alpha", "be"], ["gamma ray"]]);
    expect(requests[0]).toMatchObject({ model: "fake-3", auth: "Bearer sk-test" });
    expect(em).toMatchObject({ provider: "http", model: "fake-3" });
    expect(em.dimensions()).toBe(3);
    const n = Math.hypot(5, 2, 1);
    expect(Array.from(vs[0]!)).toEqual([5 / n, 2 / n, 1 / n].map(Math.fround));
    expect(vs[1]![0]).toBeCloseTo(2 / Math.hypot(2, 1, 1), 6);
  });

  it("retries a 429 (and a 503) with backoff, then succeeds", async () => {
    let calls = 0;
    handler = (body, res, req) => {
      calls++;
      if (calls === 1) return res.writeHead(429, { "retry-after": "0" }).end('{"error":"slow down"}');
      if (calls === 2) return res.writeHead(503).end("busy");
      answer(body, res, req);
    };
    const vs = await createHttpEmbedder(env(), { baseDelayMs: 10 }).embed(inputs.slice(0, 1));
    expect(calls).toBe(3);
    expect(vs).toHaveLength(1);
  });

  it("gives up on a server that never answers in time, saying so", async () => {
    handler = () => {}; // never answers
    const started = Date.now();
    await expect(createHttpEmbedder(env(), { attempts: 2, baseDelayMs: 10 }).embed(inputs.slice(0, 1))).rejects.toThrow(
      /did not answer within 300 ms \(EMBEDDING_TIMEOUT_MS\) \(gave up after 2 attempts\)/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("explains a bad key, a wrong URL or model, and an unreachable server", async () => {
    handler = (_b, res) => res.writeHead(401).end('{"error":"invalid key"}');
    await expect(createHttpEmbedder(env()).embed(inputs)).rejects.toThrow(`the embeddings endpoint at ${url}/embeddings answered 401: check EMBEDDING_API_KEY`);
    handler = (_b, res) => res.writeHead(404).end("no such model");
    await expect(createHttpEmbedder(env()).embed(inputs)).rejects.toThrow(/answered 404: check EMBEDDING_API_URL and that the server serves model "fake-3"/);
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const closed = readEnvOf({ EMBEDDING_API_URL: `http://127.0.0.1:${port}/v1`, EMBEDDING_TIMEOUT_MS: "300" });
    await expect(createHttpEmbedder(closed, { attempts: 2, baseDelayMs: 5 }).embed(inputs)).rejects.toThrow(
      `could not reach the embeddings endpoint at http://127.0.0.1:${port}/v1/embeddings: ECONNREFUSED (gave up after 2 attempts)`,
    );
    expect(() => createHttpEmbedder(readEnvOf({}))).toThrow(/needs EMBEDDING_API_URL/);
  });
});
