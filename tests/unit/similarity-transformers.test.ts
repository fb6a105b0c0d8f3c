// The transformers provider with a real model. This machine may have neither
// the optional package nor a model (no model hub offline): the test then
// skips and says which is missing. Set EMBEDDING_MODEL_PATH to a local copy of
// Xenova/all-MiniLM-L6-v2 (or be online) with @huggingface/transformers installed to run it.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readEnv } from "../../lib/config";

/** readEnv over just these variables (not the process environment). */
const readEnvOf = (vars: Record<string, string | undefined>) => readEnv(vars as NodeJS.ProcessEnv);
import { createTransformersEmbedder, loadTransformers, TRANSFORMERS_PACKAGE } from "../../lib/similarity/transformers";
import { cosine } from "../../lib/similarity/vectors";

const lib = await loadTransformers();
const modelPath = process.env.EMBEDDING_MODEL_PATH;
const online = process.env.TRANSFORMERS_ONLINE === "1";
const why = !lib
  ? `${TRANSFORMERS_PACKAGE} is not installed (optional dependency: npm install ${TRANSFORMERS_PACKAGE})`
  : modelPath && !existsSync(modelPath)
    ? `EMBEDDING_MODEL_PATH=${modelPath} does not exist`
    : !modelPath && !online
      ? "no local model (EMBEDDING_MODEL_PATH unset) and the model hub is not reachable here (set TRANSFORMERS_ONLINE=1 where it is)"
      : null;
if (why) console.warn(`Skipping the transformers provider test: ${why}.`);

describe("transformers embedder", () => {
  it("says what to install when the package is missing", async () => {
    if (lib) return; // only meaningful without the package
    await expect(createTransformersEmbedder(readEnvOf({ SIMILARITY_PROVIDER: "transformers" }))).rejects.toThrow(
      `needs the optional package ${TRANSFORMERS_PACKAGE}: run \`npm install ${TRANSFORMERS_PACKAGE}\``,
    );
  });

  it.skipIf(why !== null)(`embeds with a sentence model: 384 dimensions, related texts closer (${why ?? "model available"})`, async () => {
    const em = await createTransformersEmbedder(readEnvOf({ SIMILARITY_PROVIDER: "transformers", EMBEDDING_MODEL_PATH: modelPath }));
    const e = (name: string, description: string) => ({ id: "concept:x", name, aliases: [], description });
    const [a, b, c] = await em.embed([
      e("Induction Heads", "Attention heads that copy the token that followed an earlier occurrence of the current token."),
      e("Induction circuit", "A pair of heads that looks back for a previous occurrence of the token and copies its successor."),
      e("Camera Lens", "An optical assembly of glass elements that focuses light onto a sensor."),
    ]);
    expect(em.dimensions()).toBe(384);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!));
  });
});
