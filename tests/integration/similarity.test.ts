// The similarity engine against the real Neo4j: the lexical provider links by
// exact sparse TF-IDF, provided edges survive recomputation, incremental runs
// touch only what changed, typed pairs stay out of the similarity list, an
// interrupted run is finished by the next, the ingest CLI runs it (or not),
// and the MiniLM provider (Maven Central's jar, run by onnxruntime-node)
// embeds, indexes and finds through the vector index what exact search finds.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../lib/config";
import { getEntityPage } from "../../lib/entities/query";
import { ingest } from "../../lib/ingest/ingest";
import { closeDriver, readQuery, writeQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { vectorIndexDimensions } from "../../lib/neo4j/schema";
import { createModelEmbedder, type Embedder } from "../../lib/similarity/embedder";
import { computeSimilarity } from "../../lib/similarity/run";
import { nearest, readEntityState, readVectors } from "../../lib/similarity/store";
import { exactTopK } from "../../lib/similarity/vectors";
import { DATA_DIR, freshDatasetDatabase, script, testChildEnv, TSX } from "../helpers/db";
import { copyOfData, readJsonl } from "../helpers/files";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const provided = readJsonl<{ a: string; b: string; score: number }>(path.join(DATA_DIR, "similarity.jsonl"));

async function edges(where = "true") {
  return readQuery(
    `MATCH (a:Entity)-[s:SIMILAR_TO]->(b:Entity) WHERE ${where}
     RETURN a.id AS a, b.id AS b, s.score AS score, s.method AS method, toString(s.computedAt) AS at ORDER BY a, b`,
  );
}

describe("similarity engine", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
    await computeSimilarity();
  });
  afterAll(closeDriver);

  it("links each entity to at most k partners at or above the threshold, with no embedding and no vector index", async () => {
    const [row] = await readQuery(
      `MATCH (e:Entity) RETURN count(e) AS n, count(e.embedding) AS embedded, count(e.embeddingHash) AS hashed,
       max(COUNT { (e)-[s:SIMILAR_TO]-() WHERE s.computedAt IS NOT NULL }) AS maxDegree`,
    );
    expect(toCount(row?.embedded)).toBe(0);
    expect(toCount(row?.hashed)).toBe(toCount(row?.n));
    expect(await vectorIndexDimensions()).toBeNull();
    expect(toCount(row?.maxDegree)).toBeLessThanOrEqual(readEnv().SIMILARITY_TOP_K);
    const computed = await edges("s.computedAt IS NOT NULL");
    expect(computed.length).toBeGreaterThan(0);
    for (const e of computed) {
      expect(Number(e.score)).toBeGreaterThanOrEqual(0.65);
      expect(String(e.a) < String(e.b)).toBe(true);
      expect(String(e.method)).toBe("lexical:tfidf-exact-v2");
    }
  });

  it("keeps the provided edges and their scores; the framework still lists the source entry's 8", async () => {
    await computeSimilarity({ full: true });
    const kept = await edges("s.computedAt IS NULL");
    expect(kept).toHaveLength(provided.length);
    for (const p of provided) {
      const [a, b] = p.a < p.b ? [p.a, p.b] : [p.b, p.a];
      expect(kept).toContainEqual({ a, b, score: p.score, method: "provided", at: null });
    }
    const page = (await getEntityPage(FRAMEWORK))!;
    const partners = provided.filter((p) => p.a === FRAMEWORK || p.b === FRAMEWORK);
    expect(partners).toHaveLength(8);
    for (const p of partners) {
      const other = p.a === FRAMEWORK ? p.b : p.a;
      expect(page.similar.members.find((m) => m.id === other)?.score, other).toBe(p.score);
    }
    expect(page.similar.members.find((m) => m.name.includes("FLOATER"))?.score).toBe(0.731);
  });

  it("never lists a typed pair as related by similarity, whichever side computed the edge", async () => {
    const [row] = await readQuery(
      `MATCH (a:Entity)-[s:SIMILAR_TO]-(b:Entity) WHERE s.computedAt IS NOT NULL AND EXISTS { (a)-[r]-(b) WHERE NOT r:SIMILAR_TO }
       RETURN collect(DISTINCT a.id) AS ids`,
    );
    const ids = row?.ids as string[];
    expect(ids.length).toBeGreaterThan(0); // the lexical provider does link typed pairs
    for (const id of ids.slice(0, 15)) {
      const p = (await getEntityPage(id))!;
      const typed = new Set(p.groups.flatMap((g) => g.members.map((m) => m.id)));
      expect(p.similar.members.filter((m) => typed.has(m.id))).toEqual([]);
    }
  });

  it("is incremental: a second run does nothing; a changed entity alone is re-embedded and relinked", async () => {
    const quiet = await computeSimilarity();
    expect(quiet).toMatchObject({ embedded: 0, relinked: 0, created: 0, removed: 0, ranked: 0 });

    const before = await edges("s.computedAt IS NOT NULL");
    const id = "concept:residual-stream";
    const dir = copyOfData();
    const file = path.join(dir, "entities.jsonl");
    const rows = readJsonl<Record<string, unknown>>(file);
    const target = rows.find((r) => r.id === id)!;
    target.description = "Rewritten for the test: the shared channel of a transformer that every layer reads and writes.";
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
    await ingest({ paths: [dir], batchSize: 500 });
    const run = await computeSimilarity();
    expect(run).toMatchObject({ embedded: 0, relinked: 1, fitted: false });
    expect(run.ranked).toBeGreaterThanOrEqual(1);
    expect(run.ranked).toBeLessThan(10);
    const after = await edges("s.computedAt IS NOT NULL");
    const untouched = (list: typeof before) => list.filter((e) => e.a !== id && e.b !== id);
    // Edges away from the changed entity are exactly as they were (same computedAt).
    expect(untouched(after)).toEqual(untouched(before));
    await ingest({ paths: [DATA_DIR], batchSize: 500 });
    expect(await computeSimilarity()).toMatchObject({ relinked: 1 });
  });

  it("finishes an interrupted run: an entity whose edges were not committed with its text hash is relinked", async () => {
    const id = "concept:induction-heads";
    // What a killed run leaves: the edges and the hash they were made from are written together, so neither.
    await writeQuery("MATCH (e:Entity {id: $id})-[s:SIMILAR_TO]-() WHERE s.computedAt IS NOT NULL DELETE s", { id });
    await writeQuery("MATCH (e:Entity {id: $id}) REMOVE e.embeddingHash", { id });
    const run = await computeSimilarity();
    expect(run).toMatchObject({ embedded: 0, relinked: 1 });
    expect(run.created).toBeGreaterThan(0);
    const [row] = await readQuery("MATCH (e:Entity) WHERE e.embeddingHash IS NULL RETURN count(e) AS n");
    expect(toCount(row?.n)).toBe(0);
  });

  it("lists a rewritten duplicate under Restated by, and a provided row takes over a computed edge", async () => {
    const dir = copyOfData();
    const entities = readJsonl<Record<string, unknown>>(path.join(dir, "entities.jsonl"));
    const original = entities.find((r) => r.id === "concept:qk-circuit")!;
    const copy = { ...original, id: "concept:qk-circuit-copy", name: "QK Circuits" };
    writeFileSync(path.join(dir, "entities.jsonl"), [...entities, copy].map((r) => JSON.stringify(r)).join("\n"));
    await ingest({ paths: [dir], batchSize: 500 });
    await computeSimilarity();
    const page = (await getEntityPage("concept:qk-circuit"))!;
    expect(page.restatedBy.members.map((m) => m.id)).toContain("concept:qk-circuit-copy");
    const [edge] = await edges("a.id = 'concept:qk-circuit' AND b.id = 'concept:qk-circuit-copy'");
    expect(edge?.method).toMatch(/^lexical:/);

    // The same pair provided in a file: it becomes provided and recomputation leaves it alone.
    writeFileSync(path.join(dir, "similarity.jsonl"), `${readFileSync(path.join(dir, "similarity.jsonl"), "utf8").trim()}\n${JSON.stringify({ a: "concept:qk-circuit-copy", b: "concept:qk-circuit", score: 0.5 })}\n`);
    await ingest({ paths: [dir], batchSize: 500 });
    await computeSimilarity({ full: true });
    const [after] = await edges("a.id = 'concept:qk-circuit' AND b.id = 'concept:qk-circuit-copy'");
    expect(after).toMatchObject({ score: 0.5, method: "provided", at: null });
  });

  it("runs at the end of the ingest CLI unless --no-similarity", async () => {
    await freshDatasetDatabase();
    const env = await testChildEnv();
    const run = (...flags: string[]) => spawnSync(TSX, [script("ingest"), "--test", "--no-communities", ...flags, DATA_DIR], { env, encoding: "utf8" });
    const skipped = run("--no-similarity");
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stdout).not.toMatch(/Similarity \(|Similarity: nothing/);
    expect((await edges("s.computedAt IS NOT NULL")).length).toBe(0);
    const ran = run();
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/Similarity \(lexical tfidf-exact-v2\): relinked 182 of 182 entities;.* candidate lists ranked 182 \(182 written, fusion model fitted\)/);
    expect((await edges("s.computedAt IS NOT NULL")).length).toBeGreaterThan(0);
  });
});

describe("the MiniLM provider (from Maven Central, run in process)", () => {
  let minilm: Embedder;
  const env = { ...readEnv(), SIMILARITY_PROVIDER: "minilm" as const };
  beforeAll(async () => {
    await freshDatasetDatabase();
    minilm = (await createModelEmbedder(env))!;
  });
  afterAll(closeDriver);

  it("embeds like the model: related texts closer than unrelated ones, unit vectors of 384 dimensions", async () => {
    const [a, b, c] = await minilm.embed([
      { id: "x:1", name: "Induction heads", aliases: [], description: "Attention heads that copy the token after an earlier occurrence of the current one." },
      { id: "x:2", name: "Copying circuits", aliases: [], description: "Attention heads that look back for the previous occurrence of a token and copy what followed it." },
      { id: "x:3", name: "Tax law", aliases: [], description: "Rules on how governments levy income and property taxes." },
    ]);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(a).toHaveLength(384);
    expect(dot(a!, a!)).toBeCloseTo(1, 4);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.2);
  });

  it("embeds every entity, builds the vector index, says so, and finds through it what exact search finds", async () => {
    const notes: string[] = [];
    const run = await computeSimilarity({ env, embedder: minilm, onNote: (n) => notes.push(n) });
    expect(run).toMatchObject({ provider: "minilm", model: "all-minilm-l6-v2-q", embedded: 182, fitted: true });
    expect(await vectorIndexDimensions()).toBe(384);
    const [model] = await readQuery("MATCH (m:CandidateModel) RETURN m.features AS f");
    expect(model?.f).toContain("dense");
    const state = await readEntityState();
    const vectors = await readVectors("all-minilm-l6-v2-q");
    const list = state.map((e) => vectors.get(e.id)!);
    const k = 10;
    const exact = exactTopK(list, state.map((_, i) => i), k);
    const found = await nearest(state.map((e) => e.id), { k, model: "all-minilm-l6-v2-q", threshold: -1 });
    state.forEach((e, i) => {
      // Scores, not ids: exact ties may come back in either order. The index computes in float32.
      const want = exact[i]!.map((n) => n.score);
      const got = (found.get(e.id) ?? []).slice(0, k).map((c) => c.score);
      expect(got.length, e.id).toBe(want.length);
      got.forEach((g, j) => expect(Math.abs(g - want[j]!), `${e.id} #${j + 1}`).toBeLessThan(1e-4));
    });
    const computed = await edges("s.computedAt IS NOT NULL");
    expect(computed.every((e) => e.method === "minilm:all-minilm-l6-v2-q")).toBe(true);
  });

  it("leaves out a partner embedded by another model, keeping the rest of the top k in order", async () => {
    const model = "all-minilm-l6-v2-q";
    const before = (await nearest([FRAMEWORK], { k: 5, model, threshold: -1 })).get(FRAMEWORK)!;
    expect(before).toHaveLength(5);
    const foreign = before[1]!.id;
    await writeQuery("MATCH (e:Entity {id: $id}) SET e.embeddingModel = 'another-model'", { id: foreign });
    try {
      const after = (await nearest([FRAMEWORK], { k: 5, model, threshold: -1 })).get(FRAMEWORK)!;
      expect(after.map((c) => c.id)).toEqual(before.filter((c) => c.id !== foreign).map((c) => c.id));
      expect(after.map((c) => c.score)).toEqual(before.filter((c) => c.id !== foreign).map((c) => c.score));
    } finally {
      await writeQuery("MATCH (e:Entity {id: $id}) SET e.embeddingModel = $model", { id: foreign, model });
    }
  });

  it("goes back to the lexical provider: every entity relinked, the vectors and the index dropped, and it says so", async () => {
    const notes: string[] = [];
    const run = await computeSimilarity({ onNote: (n) => notes.push(n) });
    expect(run).toMatchObject({ provider: "lexical", relinked: 182, fitted: true });
    expect(notes.join("\n")).toContain("The vector index was dropped");
    expect(await vectorIndexDimensions()).toBeNull();
    const [row] = await readQuery("MATCH (e:Entity) RETURN count(e.embedding) AS n");
    expect(toCount(row?.n)).toBe(0);
  });
});
