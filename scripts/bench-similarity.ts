// npm run bench:similarity [-- --entities N --sample N --queries N]
// The similarity engine on the test database (never the user's data):
//   quality — the labelled fixture (tests/fixtures/similarity-pairs.json) with
//             data/: precision and recall at the threshold, recall@k;
//   speed   — end to end, embedding and linking the 100k synthetic entities;
//   recall  — the vector index's top-k against exact (brute-force) search, on a
//             10k sample (all 10k queried) and on the 100k graph (sampled queries),
//             with the exact search's own time beside the index's.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { ingest } from "../lib/ingest/ingest";
import { useConnection, type Connection } from "../lib/neo4j/connection";
import { readQuery } from "../lib/neo4j/driver";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { ensureSchema } from "../lib/neo4j/schema";
import { resetTestDatabase } from "../lib/neo4j/test-database";
import { loadSnapshot } from "../lib/similarity/corpus";
import { createLexicalEmbedder } from "../lib/similarity/embedder";
import { readFixture, scorePairs } from "../lib/similarity/fixture";
import { DEFAULT_LEXICAL_DIMENSIONS } from "../lib/similarity/lexical";
import { computeSimilarity } from "../lib/similarity/run";
import { nearest, readEntityState } from "../lib/similarity/store";
import { exactTopK, recallAtK } from "../lib/similarity/vectors";
import { args, main, say } from "./cli";
import { syntheticSet } from "./bench-data";

const out = (line = "") => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function fresh(conn: Connection) {
  await resetTestDatabase(conn.uri);
  await ensureSchema();
}

/** Index top-k vs exact top-k for `queries` (indexes into the state), ignoring the threshold. */
async function indexRecall(queries: number[], k: number) {
  const env = readEnv();
  const state = await readEntityState();
  const snapshot = await loadSnapshot();
  if (!snapshot) throw new Error("no corpus snapshot: the similarity run did not happen");
  // The same vectors as stored: the lexical embedder is deterministic.
  const embedder = createLexicalEmbedder(snapshot.corpus, snapshot.id, env.EMBEDDING_DIMENSIONS ?? DEFAULT_LEXICAL_DIMENSIONS);
  const vectors = await embedder.embed(state);
  const ids = state.map((e) => e.id);
  const chosen = queries.map((q) => q % ids.length);
  let t = performance.now();
  const exact = exactTopK(vectors, chosen, k).map((list) => list.map((n) => ids[n.index] as string));
  const exactS = (performance.now() - t) / 1000;
  t = performance.now();
  const found = await nearest(chosen.map((q) => ids[q] as string), { k, model: embedder.model, threshold: -1 });
  const indexS = (performance.now() - t) / 1000;
  const approx = chosen.map((q) => (found.get(ids[q] as string) ?? []).slice(0, k).map((c) => c.id));
  return { recall: recallAtK(exact, approx), exactS, indexS, queries: chosen.length };
}

main(async () => {
  const { values } = args({
    entities: { type: "string", default: "100000" },
    sample: { type: "string", default: "10000" },
    queries: { type: "string", default: "1000" },
  });
  const env = readEnv();
  const k = env.SIMILARITY_TOP_K;
  const threshold = env.SIMILARITY_THRESHOLD;
  const conn = await ensureDatabase("test", say);
  useConnection(conn);
  const dir = syntheticSet(values.entities, String(Number(values.entities) * 5));

  // ── Quality ────────────────────────────────────────────────────────────
  say("Quality: data/ plus the fixture's entities…");
  await fresh(conn);
  const fixture = readFixture();
  const fixtureDir = path.join(PROJECT_ROOT, ".neo4j", "bench-data", "similarity-fixture");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(fixtureDir, { recursive: true });
  writeFileSync(path.join(fixtureDir, "entities.jsonl"), fixture.entities.map((e) => JSON.stringify(e)).join("\n"));
  await ingest({ paths: [path.join(PROJECT_ROOT, "data", "entities.jsonl")], batchSize: 5000 });
  await ingest({ paths: [fixtureDir], batchSize: 5000 });
  const q = await computeSimilarity({ full: true });
  const rows = await readQuery(
    `UNWIND $pairs AS p
     MATCH (a:Entity {id: p.a}), (b:Entity {id: p.b})
     RETURN p.a AS a, p.b AS b, 2 * vector.similarity.cosine(a.embedding, b.embedding) - 1 AS score`,
    { pairs: fixture.pairs.map((p) => ({ a: p.a, b: p.b })) },
  );
  const scoreOf = new Map(rows.map((r) => [`${r.a}|${r.b}`, Number(r.score)]));
  const scored = fixture.pairs.map((p) => ({ ...p, score: scoreOf.get(`${p.a}|${p.b}`) ?? NaN }));
  const quality = scorePairs(scored, threshold);
  const positives = fixture.pairs.filter((p) => p.label !== "unrelated");
  const near = await nearest([...new Set(positives.flatMap((p) => [p.a, p.b]))], { k, model: q.model, threshold: -1 });
  const inTopK = positives.filter((p) => near.get(p.a)?.some((c) => c.id === p.b) || near.get(p.b)?.some((c) => c.id === p.a)).length;
  const lookalike = scored.find((p) => p.b === "artifact:framework-ashton-tate-1984" && p.a.startsWith("framework:a-mathematical"));

  // ── Speed: 100k end to end ────────────────────────────────────────────
  say(`Speed: ${values.entities} synthetic entities (with their provided similarity edges)…`);
  await fresh(conn);
  await ingest({ paths: [path.join(dir, "entities.jsonl"), path.join(dir, "similarity.jsonl")], batchSize: 5000 });
  const marks: Record<string, number> = {};
  const t0 = performance.now();
  const speed = await computeSimilarity({ onStage: (s) => (marks[s] = performance.now()) });
  const total = (performance.now() - t0) / 1000;
  const stage = (from: string, to: string) => (((marks[to] ?? 0) - (marks[from] ?? t0)) / 1000).toFixed(1);
  const [edges] = await readQuery(
    `MATCH (e:Entity) WITH e, COUNT { (e)-[s:SIMILAR_TO]-() WHERE s.computedAt IS NOT NULL } AS d
     RETURN max(d) AS maxDegree, avg(d) AS avgDegree`,
  );
  const again0 = performance.now();
  const again = await computeSimilarity();
  const againS = (performance.now() - again0) / 1000;
  const rng = (n: number) => Array.from({ length: Number(values.queries) }, (_, i) => (i * 7919 + 13) % n);
  say("Recall on the 100k index (sampled queries)…");
  const big = await indexRecall(rng(speed.entities), k);

  // ── Recall on a 10k sample ────────────────────────────────────────────
  say(`Recall: ${values.sample} entities, every one queried, against exact search…`);
  await fresh(conn);
  const sampleDir = path.join(PROJECT_ROOT, ".neo4j", "bench-data", `similarity-sample-${values.sample}`);
  mkdirSync(sampleDir, { recursive: true });
  const { readFileSync } = await import("node:fs");
  const lines = readFileSync(path.join(dir, "entities.jsonl"), "utf8").split("\n").filter((l) => l.trim());
  writeFileSync(path.join(sampleDir, "entities.jsonl"), lines.slice(0, Number(values.sample)).join("\n"));
  await ingest({ paths: [sampleDir], batchSize: 5000 });
  const small = await computeSimilarity();
  const sampleRecall = await indexRecall(Array.from({ length: small.entities }, (_, i) => i), k);

  out(`\nSimilarity benchmark (${q.provider} ${q.model.replace(/@.*/, "")}, k = ${k}, threshold ${threshold}), ${conn.uri}`);
  out("\nQuality — labelled fixture (tests/fixtures/similarity-pairs.json, with data/):");
  out(`  pairs: ${fixture.pairs.length} (${quality.byLabel.duplicate.pairs} duplicate, ${quality.byLabel.related.pairs} related, ${quality.byLabel.unrelated.pairs} unrelated)`);
  out(`  precision at ${threshold}: ${pct(quality.precision)}   recall at ${threshold}: ${pct(quality.recall)}   recall@${k}: ${pct(inTopK / positives.length)}`);
  out(`  above ${threshold}: duplicates ${quality.byLabel.duplicate.above}/${quality.byLabel.duplicate.pairs}, related ${quality.byLabel.related.above}/${quality.byLabel.related.pairs}, unrelated ${quality.byLabel.unrelated.above}/${quality.byLabel.unrelated.pairs}`);
  out(`  look-alike: the Framework vs Framework (Ashton-Tate, 1984): ${lookalike?.score.toFixed(3)} (provided score in data/: 0.747)`);
  const missed = scored.filter((p) => (p.label === "unrelated") === p.score >= threshold);
  for (const p of missed) out(`  ${p.label === "unrelated" ? "false positive" : "missed"}: ${p.a} ~ ${p.b} ${p.score.toFixed(3)} (${p.label})`);
  out(`\nSpeed — ${speed.entities.toLocaleString("en-US")} entities, end to end (read, embed, write, index, neighbours, edges): ${total.toFixed(1)} s  (target ≤ 180 s)`);
  out(`  read ${stage("", "read")} s · embed + write ${stage("read", "embedded")} s · index ${stage("embedded", "indexed")} s · neighbours ${stage("indexed", "neighbours")} s · plan ${stage("neighbours", "planned")} s · edges ${stage("planned", "committed")} s`);
  out(`  edges created ${speed.created.toLocaleString("en-US")}; computed edges per entity: max ${edges?.maxDegree}, mean ${Number(edges?.avgDegree).toFixed(1)} (cap ${k})`);
  out(`  a second run with nothing changed: ${againS.toFixed(1)} s (embedded ${again.embedded}, relinked ${again.relinked})`);
  out(`\nVector index recall@${k} vs exact search                 recall    index     exact (JS, 1 core)`);
  out(`  ${`${sampleRecall.queries.toLocaleString("en-US")} queries on a ${small.entities.toLocaleString("en-US")}-entity sample`.padEnd(52)} ${pct(sampleRecall.recall).padStart(6)}  ${sampleRecall.indexS.toFixed(1).padStart(6)} s  ${sampleRecall.exactS.toFixed(1).padStart(6)} s`);
  out(`  ${`${big.queries.toLocaleString("en-US")} queries on the ${speed.entities.toLocaleString("en-US")}-entity graph`.padEnd(52)} ${pct(big.recall).padStart(6)}  ${big.indexS.toFixed(1).padStart(6)} s  ${big.exactS.toFixed(1).padStart(6)} s`);
  out(`targets: 100k end to end ≤ 180 s on 2 cores; index recall ≥ 95%`);
});
