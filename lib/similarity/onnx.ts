// The `minilm` and `bge-small` providers: a quantized sentence-embedding
// model (models.ts, from Maven Central) run in this process with
// onnxruntime-node, tokenised with @huggingface/tokenizers (WordPiece from
// the model's own tokenizer.json). Mean pooling for MiniLM, the [CLS] vector
// for BGE, then L2 normalisation, as the models were trained.
//
// Throughput on this project's 2-core machine (both threads, batches of 32
// sorted by length): about 550 WordNet glosses per second for MiniLM; texts
// of 300–500 characters are several times slower.
import type { Env } from "../config";
import { embeddingText, type EmbeddingInput } from "../kernel/entity-text";
import type { Embedder } from "./embedder";
import { MODELS, modelFiles, type ModelSpec } from "./models";
import { readFileSync } from "node:fs";
import { l2normalize } from "./vectors";

export const ONNX_PROVIDERS = Object.keys(MODELS);

interface Session {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>>;
  inputNames: readonly string[];
  outputNames: readonly string[];
}

/** Token ids of a text: [CLS] … [SEP], cut to the model's limit (keeping [SEP]). */
export function truncateIds(ids: number[], maxTokens: number): number[] {
  if (ids.length <= maxTokens) return ids;
  return [...ids.slice(0, maxTokens - 1), ids[ids.length - 1] as number];
}

/** Pools one sequence of token vectors (length × d) into one unit vector. */
export function pool(hidden: Float32Array, offset: number, length: number, d: number, how: ModelSpec["pooling"]): Float32Array {
  const v = new Float32Array(d);
  if (how === "cls") {
    for (let j = 0; j < d; j++) v[j] = hidden[offset + j] as number;
  } else {
    for (let t = 0; t < length; t++) for (let j = 0; j < d; j++) v[j] = (v[j] as number) + (hidden[offset + t * d + j] as number);
    for (let j = 0; j < d; j++) v[j] = (v[j] as number) / Math.max(length, 1);
  }
  return l2normalize(v);
}

export async function createOnnxEmbedder(env: Env, which: string): Promise<Embedder> {
  const spec = MODELS[which];
  if (!spec) throw new Error(`Unknown sentence model "${which}" (known: ${ONNX_PROVIDERS.join(", ")})`);
  const files = modelFiles(spec);
  const ort = (await import("onnxruntime-node")).default as unknown as {
    InferenceSession: { create(path: string, opts: Record<string, unknown>): Promise<Session> };
    Tensor: new (type: string, data: BigInt64Array, dims: number[]) => unknown;
  };
  const { Tokenizer } = await import("@huggingface/tokenizers");
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(files.tokenizer, "utf8")), {});
  let session: Session;
  try {
    session = await ort.InferenceSession.create(files.onnx, { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: "all" });
  } catch (err) {
    throw new Error(`Could not load ${files.onnx} with onnxruntime-node: ${(err as Error).message}. Delete ${files.onnx} to resolve it again.`);
  }
  const batchSize = Math.min(env.EMBEDDING_BATCH_SIZE, 64);

  async function embedBatch(texts: string[]): Promise<Float32Array[]> {
    const encoded = texts.map((t) => truncateIds(tokenizer.encode(t).ids, spec!.maxTokens));
    const L = Math.max(...encoded.map((e) => e.length));
    const n = encoded.length;
    const ids = new BigInt64Array(n * L);
    const mask = new BigInt64Array(n * L);
    encoded.forEach((seq, i) =>
      seq.forEach((id, j) => {
        ids[i * L + j] = BigInt(id);
        mask[i * L + j] = 1n;
      }),
    );
    const feeds: Record<string, unknown> = {
      input_ids: new ort.Tensor("int64", ids, [n, L]),
      attention_mask: new ort.Tensor("int64", mask, [n, L]),
    };
    if (session.inputNames.includes("token_type_ids")) feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(n * L), [n, L]);
    const out = await session.run(feeds);
    const hidden = out[session.outputNames[0] as string] as { data: Float32Array; dims: readonly number[] };
    const d = hidden.dims[2] as number;
    return encoded.map((seq, i) => pool(hidden.data, i * L * d, seq.length, d, spec!.pooling));
  }

  return {
    provider: which,
    model: spec.name,
    dimensions: () => spec.dimensions,
    async embed(inputs: EmbeddingInput[]) {
      // Texts of similar length share a batch, so little is spent on padding.
      const texts = inputs.map(embeddingText);
      const order = texts.map((t, i) => i).sort((a, b) => (texts[a] as string).length - (texts[b] as string).length);
      const out = new Array<Float32Array>(texts.length);
      for (let i = 0; i < order.length; i += batchSize) {
        const part = order.slice(i, i + batchSize);
        const vectors = await embedBatch(part.map((j) => texts[j] as string));
        part.forEach((j, k) => (out[j] = vectors[k] as Float32Array));
      }
      return out;
    },
  };
}
