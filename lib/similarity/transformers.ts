// The `transformers` provider: a sentence-embedding model run locally with
// @huggingface/transformers (mean pooling, normalised). The package is an
// optional dependency, imported only when this provider is chosen; the model
// comes from EMBEDDING_MODEL_PATH (a local folder, nothing downloaded) or the
// model hub (EMBEDDING_MODEL, default Xenova/all-MiniLM-L6-v2) where the
// machine is online.
import path from "node:path";
import type { Env } from "../config";
import type { Embedder } from "./embedder";
import { embeddingText } from "../kernel/entity-text";

export const DEFAULT_TRANSFORMERS_MODEL = "Xenova/all-MiniLM-L6-v2";
export const TRANSFORMERS_PACKAGE = "@huggingface/transformers";

interface TransformersModule {
  env: { localModelPath: string; allowRemoteModels: boolean; allowLocalModels: boolean };
  pipeline: (task: string, model: string, opts?: Record<string, unknown>) => Promise<FeatureExtractor>;
}
type FeatureExtractor = (texts: string[], opts: { pooling: string; normalize: boolean }) => Promise<{ dims: number[]; data: Float32Array }>;

/** The package, or null when it is not installed. */
export async function loadTransformers(): Promise<TransformersModule | null> {
  const name = TRANSFORMERS_PACKAGE; // a variable, so bundlers and tsc do not require the package
  try {
    return (await import(name)) as TransformersModule;
  } catch {
    return null;
  }
}

export async function createTransformersEmbedder(env: Env): Promise<Embedder> {
  const lib = await loadTransformers();
  if (!lib) {
    throw new Error(`SIMILARITY_PROVIDER=transformers needs the optional package ${TRANSFORMERS_PACKAGE}: run \`npm install ${TRANSFORMERS_PACKAGE}\``);
  }
  let modelId: string;
  if (env.EMBEDDING_MODEL_PATH) {
    // transformers.js loads <localModelPath>/<model id>/ (config.json, tokenizer.json, onnx/model.onnx).
    const dir = path.resolve(env.EMBEDDING_MODEL_PATH);
    lib.env.localModelPath = path.dirname(dir);
    lib.env.allowLocalModels = true;
    lib.env.allowRemoteModels = false;
    modelId = path.basename(dir);
  } else {
    modelId = env.EMBEDDING_MODEL ?? DEFAULT_TRANSFORMERS_MODEL;
  }
  let extractor: FeatureExtractor;
  try {
    extractor = await lib.pipeline("feature-extraction", modelId, { dtype: "fp32" });
  } catch (err) {
    const where = env.EMBEDDING_MODEL_PATH
      ? `from EMBEDDING_MODEL_PATH=${env.EMBEDDING_MODEL_PATH} (a folder with config.json, tokenizer.json and onnx/model.onnx)`
      : `"${modelId}" from the model hub (offline? download it once and set EMBEDDING_MODEL_PATH to its folder)`;
    throw new Error(`could not load the sentence-embedding model ${where}: ${(err as Error).message}`);
  }
  let dims: number | null = null;
  return {
    provider: "transformers",
    model: env.EMBEDDING_MODEL ?? (env.EMBEDDING_MODEL_PATH ? path.basename(env.EMBEDDING_MODEL_PATH) : DEFAULT_TRANSFORMERS_MODEL),
    dimensions: () => dims,
    async embed(inputs) {
      const out: Float32Array[] = [];
      for (let i = 0; i < inputs.length; i += env.EMBEDDING_BATCH_SIZE) {
        const batch = inputs.slice(i, i + env.EMBEDDING_BATCH_SIZE);
        const tensor = await extractor(batch.map(embeddingText), { pooling: "mean", normalize: true });
        const d = tensor.dims[1] as number;
        dims ??= d;
        for (let j = 0; j < batch.length; j++) out.push(Float32Array.from(tensor.data.subarray(j * d, (j + 1) * d)));
      }
      return out;
    },
  };
}
