// The `http` provider: an OpenAI-compatible embeddings endpoint (OpenAI,
// Ollama, vLLM, …) at EMBEDDING_API_URL. Batches inputs, bounds every request
// with a timeout, retries 429 / 5xx / network failures with exponential
// backoff (honouring Retry-After), and explains failures in words a person can act on.
import type { Env } from "../config";
import type { Embedder } from "./embedder";
import { embeddingText } from "../kernel/entity-text";
import { l2normalize } from "./vectors";

export interface HttpOptions {
  /** Attempts per batch, the first included. */
  attempts?: number;
  /** First backoff delay; doubled after every failed attempt (plus jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const DEFAULT_HTTP_MODEL = "text-embedding-3-small";

/** `…/embeddings` as given; a base such as `https://api.openai.com/v1` or `http://localhost:11434` gets the path added. */
export function embeddingsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  if (trimmed.endsWith("/embeddings")) return trimmed;
  if (trimmed.endsWith("/v1")) return `${trimmed}/embeddings`;
  return `${trimmed}/v1/embeddings`;
}

class RetryableError extends Error {
  constructor(message: string, readonly retryAfterMs: number | null = null) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createHttpEmbedder(env: Env, opts: HttpOptions = {}): Embedder {
  if (!env.EMBEDDING_API_URL) {
    throw new Error("SIMILARITY_PROVIDER=http needs EMBEDDING_API_URL (an OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1)");
  }
  const url = embeddingsUrl(env.EMBEDDING_API_URL);
  const model = env.EMBEDDING_MODEL ?? DEFAULT_HTTP_MODEL;
  const attempts = opts.attempts ?? 5;
  const baseDelay = opts.baseDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 20_000;
  let dims: number | null = env.EMBEDDING_DIMENSIONS ?? null;

  async function once(input: string[]): Promise<number[][]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), env.EMBEDDING_TIMEOUT_MS);
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(env.EMBEDDING_API_KEY ? { authorization: `Bearer ${env.EMBEDDING_API_KEY}` } : {}),
        },
        body: JSON.stringify({ model, input, ...(env.EMBEDDING_DIMENSIONS ? { dimensions: env.EMBEDDING_DIMENSIONS } : {}) }),
        signal: controller.signal,
      });
    } catch (err) {
      if (controller.signal.aborted) {
        throw new RetryableError(`the embeddings endpoint at ${url} did not answer within ${env.EMBEDDING_TIMEOUT_MS} ms (EMBEDDING_TIMEOUT_MS)`);
      }
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new RetryableError(`could not reach the embeddings endpoint at ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    const body = await res.text().catch(() => "");
    const detail = body ? `: ${body.slice(0, 300)}` : "";
    if (res.status === 429 || res.status >= 500) {
      const after = Number(res.headers.get("retry-after"));
      throw new RetryableError(`the embeddings endpoint at ${url} answered ${res.status}${detail}`, Number.isFinite(after) && after > 0 ? after * 1000 : null);
    }
    if (res.status === 401 || res.status === 403) {
      throw new Error(`the embeddings endpoint at ${url} answered ${res.status}: check EMBEDDING_API_KEY`);
    }
    if (res.status === 404) {
      throw new Error(`the embeddings endpoint at ${url} answered 404: check EMBEDDING_API_URL and that the server serves model "${model}" (EMBEDDING_MODEL)`);
    }
    if (!res.ok) throw new Error(`the embeddings endpoint at ${url} answered ${res.status}${detail}`);
    let json: { data?: { embedding?: unknown; index?: number }[] };
    try {
      json = JSON.parse(body) as typeof json;
    } catch {
      throw new Error(`the embeddings endpoint at ${url} answered something that is not JSON: ${body.slice(0, 200)}`);
    }
    const data = json.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new Error(`the embeddings endpoint at ${url} returned ${Array.isArray(data) ? data.length : "no"} embeddings for ${input.length} inputs (expected the OpenAI format {data: [{embedding, index}]})`);
    }
    const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return ordered.map((d) => {
      if (!Array.isArray(d.embedding) || !d.embedding.every((x) => typeof x === "number")) {
        throw new Error(`the embeddings endpoint at ${url} returned an embedding that is not a list of numbers`);
      }
      return d.embedding as number[];
    });
  }

  async function withRetries(input: string[]): Promise<number[][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(input);
      } catch (err) {
        if (!(err instanceof RetryableError) || attempt >= attempts) {
          const note = err instanceof RetryableError ? ` (gave up after ${attempt} attempts)` : "";
          throw new Error(`${(err as Error).message}${note}`);
        }
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());
        await sleep(Math.min(maxDelay, err.retryAfterMs ?? backoff));
      }
    }
  }

  return {
    provider: "http",
    model,
    dimensions: () => dims,
    async embed(inputs) {
      const out: Float32Array[] = [];
      for (let i = 0; i < inputs.length; i += env.EMBEDDING_BATCH_SIZE) {
        const batch = inputs.slice(i, i + env.EMBEDDING_BATCH_SIZE);
        for (const v of await withRetries(batch.map(embeddingText))) {
          dims ??= v.length;
          if (v.length !== dims) {
            throw new Error(`the embeddings endpoint at ${url} returned ${v.length} dimensions after ${dims}; set EMBEDDING_DIMENSIONS or use one model`);
          }
          out.push(l2normalize(Float32Array.from(v)));
        }
      }
      return out;
    },
  };
}
