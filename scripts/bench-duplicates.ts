// npm run bench:duplicates [-- --skip-speed]
// Duplicate detection on the test database (never the user's data):
//   quality — data/ plus the labelled fixture's variants and look-alikes
//             (tests/fixtures/duplicate-pairs.json), embedded as `npm start`
//             would: precision, recall and F1 at DUPLICATE_THRESHOLD, and at
//             other thresholds to show where the default comes from;
//   speed   — data/ plus the 100k synthetic graph, embedded and linked: the time
//             to produce the candidates, pairs compared and throughput.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { findDuplicateCandidates, type DetectResult } from "../lib/duplicates/detect";
import { fixtureFiles, judge, readDuplicateFixture } from "../lib/duplicates/fixture";
import { ingest } from "../lib/ingest/ingest";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { ensureSchema } from "../lib/neo4j/schema";
import { resetTestDatabase } from "../lib/neo4j/test-database";
import { computeSimilarity } from "../lib/similarity/run";
import { args, main, say } from "./cli";
import { loadBenchGraph } from "./bench-data";

const out = (line = "") => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const int = (x: number) => Math.round(x).toLocaleString("en-US");

function progress(label: string) {
  let last = 0;
  return (phase: string, done: number, total: number) => {
    const now = Date.now();
    if (now - last < 3000) return;
    last = now;
    say(`${label}: ${phase} ${int(done)}${total ? `/${int(total)}` : ""}`);
  };
}

main(async () => {
  const { values } = args({ "skip-speed": { type: "boolean", default: false } });
  const threshold = readEnv().DUPLICATE_THRESHOLD;
  const conn = await ensureDatabase("test", say);
  useConnection(conn);

  // ── Quality ────────────────────────────────────────────────────────────
  say("Quality: data/ plus the fixture's variants and look-alikes…");
  await resetTestDatabase(conn.uri);
  await ensureSchema();
  const fixture = readDuplicateFixture();
  const dir = path.join(PROJECT_ROOT, ".neo4j", "bench-data", "duplicate-fixture");
  mkdirSync(dir, { recursive: true });
  const files = fixtureFiles(fixture);
  writeFileSync(path.join(dir, "entities.jsonl"), files.entities);
  writeFileSync(path.join(dir, "edges.jsonl"), files.edges);
  await ingest({ paths: [path.join(PROJECT_ROOT, "data")], batchSize: 5000 });
  await ingest({ paths: [dir], batchSize: 5000 });
  const sim = await computeSimilarity({ full: true });
  const low = await findDuplicateCandidates({ minScore: 0.3 });
  const at = (t: number) => judge(fixture, low.candidates.filter((c) => c.score >= t).map((c) => ({ a: c.a.id, b: c.b.id })));
  const q = at(threshold);
  const scoreOf = new Map(low.candidates.map((c) => [`${c.a.id}|${c.b.id}`, c]));

  let speed: { first: DetectResult; second: DetectResult } | null = null;
  if (!values["skip-speed"]) {
    // ── Speed: the 100k synthetic graph ──────────────────────────────────
    await loadBenchGraph(conn);
    say("Embedding and linking the 100k graph (as npm start does)…");
    await computeSimilarity();
    say("Detecting duplicates on the 100k graph…");
    const first = await findDuplicateCandidates({ onProgress: progress("first run") });
    const second = await findDuplicateCandidates({ onProgress: progress("second run") });
    speed = { first, second };
  }

  out(`\nDuplicate detection benchmark (${sim.provider} ${sim.model.replace(/@.*/, "")}), ${conn.uri}`);
  out(`\nQuality — labelled fixture (tests/fixtures/duplicate-pairs.json) with data/: ${fixture.entities.length} fixture entities, ${fixture.pairs.length} labelled pairs`);
  out(`  at DUPLICATE_THRESHOLD ${threshold}: precision ${pct(q.precision)}   recall ${pct(q.recall)}   F1 ${pct(q.f1)}`);
  out(`  true positives ${q.truePositives.length}, false positives ${q.falsePositives.length}, missed ${q.missed.length}; unjudged proposals between data/ entities: ${q.unjudged.length}`);
  const show = (key: string) => {
    const c = scoreOf.get(key);
    return c ? `${c.score.toFixed(3)}  ${c.explanation}` : "below 0.3 or not compared";
  };
  for (const k of q.falsePositives) out(`  false positive: ${k.replace("|", " ~ ")}  ${show(k)}`);
  for (const k of q.missed) out(`  missed: ${k.replace("|", " ~ ")}  ${show(k)}`);
  for (const k of q.unjudged) out(`  unjudged: ${k.replace("|", " ~ ")}  ${show(k)}`);
  out("  threshold   precision  recall   F1");
  for (const t of [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]) {
    const j = at(t);
    out(`  ${t.toFixed(2).padEnd(10)}  ${pct(j.precision).padStart(8)}  ${pct(j.recall).padStart(6)}  ${pct(j.f1).padStart(6)}${t === threshold ? "  ← default" : ""}`);
  }
  const lookalike = [...scoreOf.values()].find(
    (c) => [c.a.id, c.b.id].includes("paper:a-mathematical-framework-for-transformer-circuits") && [c.a.id, c.b.id].some((id) => id.includes("framework-office-suite") || id.includes("ashton-tate")),
  );
  out(`  look-alike: the Framework paper vs the 1984 Framework: ${lookalike ? lookalike.score.toFixed(3) : "not proposed (not even at 0.3)"}`);

  if (speed) {
    const { first, second } = speed;
    const s = first.stats;
    out(`\nSpeed — ${int(s.entities)} active entities (data/ + the 100k synthetic graph, embedded and linked)`);
    out(`  candidates at ${threshold}: ${int(first.total)}   time: ${s.seconds.toFixed(1)} s (second run ${second.stats.seconds.toFixed(1)} s)`);
    out(`  pairs compared: ${int(s.compared)} of ${int(s.allPairs)} possible (${(100 * s.compared / s.allPairs).toFixed(4)}%)`);
    out(`    candidates from name blocks ${int(s.blockPairs)} · from similarity edges ${int(s.similarityPairs)} (any kinds: incompatible ones are dropped before scoring) · curator-flagged ${int(s.suspectedPairs)}`);
    out(`    blocks skipped as too common ${int(s.blocksSkipped)} (largest block ${int(s.largestBlock)} entities)`);
    out(`  throughput: ${int(s.entities / s.seconds)} entities/s · ${int(s.compared / s.seconds)} pairs compared/s`);
  }
});
