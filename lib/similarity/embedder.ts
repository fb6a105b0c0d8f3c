// The one Embedder interface and the choice of provider from configuration:
// `lexical` (default, offline), `transformers` (a local sentence-embedding
// model, optional dependency) or `http` (an OpenAI-compatible endpoint).
import type { Env } from "../config";
import { createHttpEmbedder } from "./http";
import { DEFAULT_LEXICAL_DIMENSIONS, LEXICAL_VERSION, lexicalVector, type Corpus } from "./lexical";
import type { EmbeddingInput } from "./text";
import { createTransformersEmbedder } from "./transformers";

export interface Embedder {
  /** `lexical`, `transformers` or `http`; stored on entities as embeddingProvider. */
  readonly provider: string;
  /** Stored on entities as embeddingModel; a different model means every entity is embedded again. */
  readonly model: string;
  /** Known up front for lexical and transformers; for http once the first answer arrived. */
  dimensions(): number | null;
  embed(inputs: EmbeddingInput[]): Promise<Float32Array[]>;
}

/** The lexical embedder over a corpus snapshot (see corpus.ts); the snapshot id is part of the model. */
export function createLexicalEmbedder(corpus: Corpus, snapshotId: string, dimensions = DEFAULT_LEXICAL_DIMENSIONS): Embedder {
  return {
    provider: "lexical",
    model: `${LEXICAL_VERSION}-${dimensions}@${snapshotId}`,
    dimensions: () => dimensions,
    embed: async (inputs) => inputs.map((e) => lexicalVector(e, corpus, dimensions)),
  };
}

/** The model-based embedders; lexical needs corpus statistics and is built by the similarity run. */
export async function createModelEmbedder(env: Env): Promise<Embedder> {
  if (env.SIMILARITY_PROVIDER === "http") return createHttpEmbedder(env);
  if (env.SIMILARITY_PROVIDER === "transformers") return createTransformersEmbedder(env);
  throw new Error(`${env.SIMILARITY_PROVIDER} is not a model-based provider`);
}

/** The method written on computed SIMILAR_TO edges. */
export const edgeMethod = (e: Pick<Embedder, "provider" | "model">) => `${e.provider}:${e.model}`;
