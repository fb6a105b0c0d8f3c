// The similarity engine against the real Neo4j: index top-k equals exact
// top-k, provided edges survive recomputation, incremental runs touch only
// what changed, typed pairs stay out of the similarity list, an interrupted
// run is finished by the next, and the ingest CLI runs it (or not).
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
import { loadSnapshot } from "../../lib/similarity/corpus";
import { createLexicalEmbedder } from "../../lib/similarity/embedder";
import { computeSimilarity } from "../../lib/similarity/run";
import { nearest, readEntityState } from "../../lib/similarity/store";
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

  it("embeds every entity and links each to at most k partners at or above the threshold", async () => {
    const [row] = await readQuery(
      `MATCH (e:Entity) RETURN count(e) AS n, count(e.embedding) AS embedded,
       max(COUNT { (e)-[s:SIMILAR_TO]-() WHERE s.computedAt IS NOT NULL }) AS maxDegree`,
    );
    expect(toCount(row?.embedded)).toBe(toCount(row?.n));
    expect(toCount(row?.maxDegree)).toBeLessThanOrEqual(readEnv().SIMILARITY_TOP_K);
    const computed = await edges("s.computedAt IS NOT NULL");
    expect(computed.length).toBeGreaterThan(0);
    for (const e of computed) {
      expect(Number(e.score)).toBeGreaterThanOrEqual(0.65);
      expect(String(e.a) < String(e.b)).toBe(true);
      expect(String(e.method)).toMatch(/^lexical:tfidf-v1-256@/);
    }
  });

  it("returns through the vector index the same top-k as exact search", async () => {
    const state = await readEntityState();
    const snapshot = (await loadSnapshot())!;
    const embedder = createLexicalEmbedder(snapshot.corpus, snapshot.id);
    const vectors = await embedder.embed(state);
    const k = 10;
    const exact = exactTopK(vectors, state.map((_, i) => i), k);
    const found = await nearest(state.map((e) => e.id), { k, model: embedder.model, threshold: -1 });
    state.forEach((e, i) => {
      // Scores, not ids: exact ties may come back in either order. The index computes in float32.
      const want = exact[i]!.map((n) => n.score);
      const got = (found.get(e.id) ?? []).slice(0, k).map((c) => c.score);
      expect(got.length, e.id).toBe(want.length);
      got.forEach((g, j) => expect(Math.abs(g - want[j]!), `${e.id} #${j + 1}`).toBeLessThan(1e-5));
    });
  });

  it("leaves out a partner embedded by another model, keeping the rest of the top k in order", async () => {
    const model = (await readEntityState())[0]!.model!;
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
    expect(quiet).toMatchObject({ embedded: 0, relinked: 0, created: 0, removed: 0 });

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
    expect(run).toMatchObject({ embedded: 1, relinked: 1 });
    const after = await edges("s.computedAt IS NOT NULL");
    const untouched = (list: typeof before) => list.filter((e) => e.a !== id && e.b !== id);
    // Edges away from the changed entity are exactly as they were (same computedAt).
    expect(untouched(after)).toEqual(untouched(before));
    await ingest({ paths: [DATA_DIR], batchSize: 500 });
    expect(await computeSimilarity()).toMatchObject({ embedded: 1, relinked: 1 });
  });

  it("finishes an interrupted run: entities marked but not relinked are relinked without re-embedding", async () => {
    const id = "concept:induction-heads";
    await writeQuery("MATCH (e:Entity {id: $id})-[s:SIMILAR_TO]-() WHERE s.computedAt IS NOT NULL DELETE s", { id });
    await writeQuery("MATCH (e:Entity {id: $id}) SET e.similarityStale = true", { id });
    const run = await computeSimilarity();
    expect(run).toMatchObject({ embedded: 0, relinked: 1 });
    expect(run.created).toBeGreaterThan(0);
    const [stale] = await readQuery("MATCH (e:Entity) WHERE e.similarityStale RETURN count(e) AS n");
    expect(toCount(stale?.n)).toBe(0);
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

  it("rebuilds the vector index when the dimension changes, and says so", async () => {
    const notes: string[] = [];
    const run = await computeSimilarity({ env: { ...readEnv(), EMBEDDING_DIMENSIONS: 128 }, onNote: (n) => notes.push(n) });
    expect(await vectorIndexDimensions()).toBe(128);
    expect(notes.join("\n")).toContain("rebuilt for 128 dimensions (it had 256)");
    expect(run.embedded).toBe(run.entities);
    await computeSimilarity(); // back to the default
    expect(await vectorIndexDimensions()).toBe(256);
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
    expect(ran.stdout).toMatch(/Similarity \(lexical .*\): embedded 182/);
    expect((await edges("s.computedAt IS NOT NULL")).length).toBeGreaterThan(0);
  });
});
