// The one Embedder interface of the sentence-model providers, and the choice
// of provider from configuration. The default provider, `lexical`, embeds
// nothing: it compares texts by exact sparse TF-IDF (lib/candidates/sparse.ts)
// and needs neither a model nor the vector index. The others embed every
// entity and find neighbours through the vector index:
//   minilm, bge-small  quantized models from Maven Central, run in process (onnx.ts);
//   transformers       a local model folder with @huggingface/transformers (optional package);
//   http               an OpenAI-compatible endpoint.
import type { Env } from "../config";
import type { EmbeddingInput } from "../kernel/entity-text";
import { createHttpEmbedder } from "./http";
import { createOnnxEmbedder, ONNX_PROVIDERS } from "./onnx";
import { createTransformersEmbedder } from "./transformers";

export interface Embedder {
  /** minilm, bge-small, transformers or http; stored on entities as embeddingProvider. */
  readonly provider: string;
  /** Stored on entities as embeddingModel; a different model means every entity is embedded again. */
  readonly model: string;
  /** Known up front for local models; for http once the first answer arrived. */
  dimensions(): number | null;
  embed(inputs: EmbeddingInput[]): Promise<Float32Array[]>;
}

/** The lexical provider's model name: the recipe's version (lib/candidates/terms.ts), stored like a model's. */
export const LEXICAL_MODEL = "tfidf-exact-v2";

/** The sentence-model embedder configured, or null for the lexical provider. */
export async function createModelEmbedder(env: Env): Promise<Embedder | null> {
  const p = env.SIMILARITY_PROVIDER;
  if (p === "lexical") return null;
  if (p === "http") return createHttpEmbedder(env);
  if (p === "transformers") return createTransformersEmbedder(env);
  if (ONNX_PROVIDERS.includes(p)) return createOnnxEmbedder(env, p);
  throw new Error(`Unknown SIMILARITY_PROVIDER "${p}"`);
}

/** The method written on computed SIMILAR_TO edges. */
export const edgeMethod = (e: Pick<Embedder, "provider" | "model">) => `${e.provider}:${e.model}`;
