// Duplicate detection against the real Neo4j: the source entry's duplicates
// are in the queue, the 1984 Framework is not, curators' verdicts ("not the
// same", merged, "duplicate?") are honoured, the fixture's variants are found
// and its look-alikes are not, and blocking never compares all pairs.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator } from "../../lib/auth/curators";
import { signIn } from "../../lib/auth/sessions";
import { PROJECT_ROOT, readEnv } from "../../lib/config";
import { refreshIdle } from "../../lib/curation/refresh";
import { markDuplicate } from "../../lib/curation/write";
import { findDuplicateCandidates } from "../../lib/duplicates/detect";
import { fixtureFiles, judge, readDuplicateFixture } from "../../lib/duplicates/fixture";
import { listDuplicates } from "../../lib/duplicates/queue";
import { SAMENESS_DIFFERENT } from "../../lib/duplicates/types";
import { generateEntities, generateSimilarities, syntheticKinds } from "../../lib/ingest/generate";
import { ingest } from "../../lib/ingest/ingest";
import { closeDriver, writeQuery } from "../../lib/neo4j/driver";
import { computeSimilarity } from "../../lib/similarity/run";
import { freshDatasetDatabase, freshTestDatabase, script, testChildEnv, TSX } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const FRAMEWORK_PAPER = "paper:a-mathematical-framework-for-transformer-circuits";
const FRAMEWORK_1984 = "artifact:framework-ashton-tate-1984";
const TRANSFORMER = "concept:transformer";
const TRANSFORMER_ARCH = "concept:transformer-architecture";
const EXPLANATION = /^names \d\.\d\d( · description cosine -?\d\.\d\d)? · \d+ shared neighbours?( · .+)?$/;

const pairOf = (x: string, y: string) => (c: { a: { id: string }; b: { id: string } }) => (c.a.id === x && c.b.id === y) || (c.a.id === y && c.b.id === x);
const proposed = async (x: string, y: string, minScore?: number) => (await findDuplicateCandidates({ minScore })).candidates.find(pairOf(x, y));

describe("duplicate detection on the circuits dataset", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
    await computeSimilarity();
  });
  afterAll(async () => {
    await refreshIdle();
    await closeDriver();
  });

  it("proposes the source entry's duplicates with their reasons", async () => {
    const r = await findDuplicateCandidates();
    expect(r.threshold).toBe(readEnv().DUPLICATE_THRESHOLD);
    const framework = r.candidates.find(pairOf(FRAMEWORK, FRAMEWORK_PAPER));
    const transformers = r.candidates.find(pairOf(TRANSFORMER, TRANSFORMER_ARCH));
    expect(framework).toBeDefined();
    expect(transformers).toBeDefined();
    // The framework pair leads the queue: same name, near-identical description, six shared neighbours.
    expect(r.candidates[0]).toBe(framework);
    expect(framework!.reasons.names).toBe(1);
    expect(framework!.reasons.sharedNeighbours).toBe(6);
    expect(framework!.a.id).toBe(FRAMEWORK); // id order
    expect(framework!.explanation).toMatch(EXPLANATION);
    expect(transformers!.explanation).toMatch(/^names 0\.80 · description cosine 0\.\d\d · 0 shared neighbours$/);
    const scores = r.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(scores.every((s) => s >= r.threshold)).toBe(true);
    expect(r.total).toBe(r.candidates.length);
  });

  it("never proposes the 1984 Framework as a duplicate of the framework or its paper, at any score", async () => {
    const all = await findDuplicateCandidates({ minScore: 0 });
    expect(all.candidates.some(pairOf(FRAMEWORK_PAPER, FRAMEWORK_1984))).toBe(false);
    expect(all.candidates.some(pairOf(FRAMEWORK, FRAMEWORK_1984))).toBe(false);
  });

  it("filters by kind and pages with a total", async () => {
    const concepts = await findDuplicateCandidates({ kind: "concept", minScore: 0.3 });
    expect(concepts.candidates.every((c) => c.a.kind === "concept" || c.b.kind === "concept")).toBe(true);
    expect(concepts.candidates.some(pairOf(TRANSFORMER, TRANSFORMER_ARCH))).toBe(true);
    expect(concepts.candidates.some(pairOf(FRAMEWORK, FRAMEWORK_PAPER))).toBe(false);
    const page2 = await findDuplicateCandidates({ kind: "concept", minScore: 0.3, offset: 3, limit: 3 });
    expect(page2.total).toBe(concepts.total);
    expect(page2.candidates.map((c) => `${c.a.id}|${c.b.id}`)).toEqual(concepts.candidates.slice(3, 6).map((c) => `${c.a.id}|${c.b.id}`));
    const queue = await listDuplicates({ kind: "concept" });
    expect(queue.candidates.find(pairOf(TRANSFORMER, TRANSFORMER_ARCH))?.compare).toBe(
      `/duplicates/compare?a=${encodeURIComponent(TRANSFORMER)}&b=${encodeURIComponent(TRANSFORMER_ARCH)}`,
    );
  });

  it("does not propose a pair a curator called not the same", async () => {
    expect(await proposed(TRANSFORMER, TRANSFORMER_ARCH)).toBeDefined();
    await writeQuery("MERGE (d:Decision {pair: $pair}) SET d.a = $a, d.b = $b, d.sameness = $sameness", {
      pair: `${TRANSFORMER}|${TRANSFORMER_ARCH}`, a: TRANSFORMER, b: TRANSFORMER_ARCH, sameness: SAMENESS_DIFFERENT,
    });
    try {
      expect(await proposed(TRANSFORMER, TRANSFORMER_ARCH, 0)).toBeUndefined();
    } finally {
      await writeQuery("MATCH (d:Decision {pair: $pair}) DETACH DELETE d", { pair: `${TRANSFORMER}|${TRANSFORMER_ARCH}` });
    }
    expect(await proposed(TRANSFORMER, TRANSFORMER_ARCH)).toBeDefined();
  });

  it("does not propose merged entities", async () => {
    await writeQuery("MATCH (e:Entity {id: $id}) SET e.status = 'merged', e.mergedInto = $into", { id: FRAMEWORK_PAPER, into: FRAMEWORK });
    try {
      const all = await findDuplicateCandidates({ minScore: 0 });
      expect(all.candidates.some((c) => c.a.id === FRAMEWORK_PAPER || c.b.id === FRAMEWORK_PAPER)).toBe(false);
      expect(all.candidates.some(pairOf(TRANSFORMER, TRANSFORMER_ARCH))).toBe(true);
    } finally {
      await writeQuery("MATCH (e:Entity {id: $id}) SET e.status = 'active' REMOVE e.mergedInto", { id: FRAMEWORK_PAPER });
    }
  });

  it("includes a pair a curator marked “duplicate?”, with who marked it", async () => {
    const [x, y] = ["concept:attention-only-transformer", TRANSFORMER];
    expect(await proposed(x, y)).toBeUndefined(); // a simplified variant: below the threshold by itself
    await addCurator("dora", { password: "a duplicate password" });
    const { token } = await signIn("dora", "a duplicate password");
    await markDuplicate({ token }, { opId: randomUUID(), a: y, b: x });
    const c = await proposed(x, y);
    expect(c?.reasons.suspectedBy).toBe("dora");
    expect(c?.explanation).toMatch(/ · marked “duplicate\?” by dora$/);
  });

  it("prints the queue as JSON and CSV from the command line", async () => {
    const env = await testChildEnv();
    const json = spawnSync(TSX, [script("duplicates"), "--test", "--json", "--kind", "concept"], { env, encoding: "utf8" });
    expect(json.status, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { total: number; candidates: { a: { id: string }; b: { id: string }; explanation: string }[] };
    expect(parsed.candidates.some(pairOf(TRANSFORMER, TRANSFORMER_ARCH))).toBe(true);
    expect(parsed.total).toBe(parsed.candidates.length);
    const csv = spawnSync(TSX, [script("duplicates"), "--test", "--csv", "--limit", "1"], { env, encoding: "utf8" });
    expect(csv.status, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toBe("score,a_id,a_kind,a_name,b_id,b_kind,b_name,names,cosine,shared_neighbours,suspected_by,explanation");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${FRAMEWORK},framework,A Mathematical Framework for Transformer Circuits,${FRAMEWORK_PAPER},paper`);
    const bad = spawnSync(TSX, [script("duplicates"), "--test", "--kind", "gadget"], { env, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--kind takes a kind of the vocabulary/);
  });
});

describe("duplicate detection on the labelled fixture", () => {
  const fixture = readDuplicateFixture();
  beforeAll(async () => {
    await freshDatasetDatabase();
    const dir = path.join(PROJECT_ROOT, ".neo4j", "test-data", "duplicate-fixture");
    mkdirSync(dir, { recursive: true });
    const files = fixtureFiles(fixture);
    writeFileSync(path.join(dir, "entities.jsonl"), files.entities);
    writeFileSync(path.join(dir, "edges.jsonl"), files.edges);
    await ingest({ paths: [dir], batchSize: 1000 });
    await computeSimilarity({ full: true });
  });
  afterAll(closeDriver);

  it("finds the renamed, abbreviated and re-described variants and not the look-alikes", async () => {
    const r = await findDuplicateCandidates();
    const j = judge(fixture, r.candidates.map((c) => ({ a: c.a.id, b: c.b.id })));
    expect(j.recall).toBeGreaterThanOrEqual(0.85);
    expect(j.precision).toBeGreaterThanOrEqual(0.9);
    const lookalikes = fixture.pairs.filter((p) => p.label === "different" && p.a !== "method:sparse-crosscoder");
    for (const p of lookalikes) expect(r.candidates.some(pairOf(p.a, p.b)), `${p.a} ~ ${p.b}: ${p.why}`).toBe(false);
  });
});

describe("blocking on a generated graph", () => {
  beforeAll(async () => {
    await freshTestDatabase();
    const opts = { entities: 3000, edges: 0, similarities: 1500, seed: 7, supernodes: 0, supernodeDegree: 0 };
    const kinds = syntheticKinds(opts);
    const dir = path.join(PROJECT_ROOT, ".neo4j", "test-data", "duplicate-blocking");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "entities.jsonl"), [...generateEntities(opts, kinds)].map((e) => JSON.stringify(e)).join("\n"));
    writeFileSync(path.join(dir, "similarity.jsonl"), [...generateSimilarities(opts, kinds)].map((e) => JSON.stringify(e)).join("\n"));
    await ingest({ paths: [dir], batchSize: 5000 });
  });
  afterAll(closeDriver);

  it("compares the blocked and similar pairs only, never all of them", async () => {
    const r = await findDuplicateCandidates({ minScore: 0 });
    const s = r.stats;
    expect(s.entities).toBe(3000);
    expect(s.allPairs).toBe((3000 * 2999) / 2);
    // Every name shares common words with hundreds of others: those blocks are skipped, not compared.
    expect(s.blocksSkipped).toBeGreaterThan(50);
    expect(s.largestBlock).toBeGreaterThan(50);
    expect(s.similarityPairs).toBeGreaterThan(0);
    expect(s.compared).toBeLessThanOrEqual(s.blockPairs + s.similarityPairs);
    expect(s.compared).toBeLessThan(s.allPairs / 100);
  });
});
