// npm run bench:ingest [-- --entities N --edges N --batch-size N]
// Loads the synthetic 100k/500k set through our ingest (read + validate + one
// all-or-nothing transaction) and, on the same database in the same run, the
// same rows through a bare UNWIND … MERGE baseline with the same batch size.
// Runs on the test database (never the user's data).
import path from "node:path";
import { readEnv } from "../lib/config";
import { baselineWrite } from "../lib/ingest/baseline";
import { ingest } from "../lib/ingest/ingest";
import { readInput } from "../lib/ingest/read";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { resetTestDatabase } from "../lib/neo4j/test-database";
import { ensureSchema } from "../lib/neo4j/schema";
import { loadVocabulary } from "../lib/vocabulary";
import { args, main, say } from "./cli";
import { syntheticSet } from "./bench-data";

type Phase = "entities" | "edges" | "similarity";

main(async () => {
  const { values } = args({
    entities: { type: "string", default: "100000" },
    edges: { type: "string", default: "500000" },
    "batch-size": { type: "string" },
  });
  const batchSize = Number(values["batch-size"] ?? readEnv().INGEST_BATCH_SIZE);
  const dir = syntheticSet(values.entities, values.edges);
  const conn = await ensureDatabase("test", say);
  useConnection(conn);
  const reset = async () => {
    say("Emptying the test database…");
    await resetTestDatabase(conn.uri);
    await ensureSchema();
  };

  // Both paths run the same rows; a small warm-up load first so neither pays for a cold JVM.
  const parsed = readInput([dir]);
  const rows = {
    entities: parsed.entities.map((e) => e.row),
    edges: parsed.edges.map((e) => e.row),
    similarities: parsed.similarities.map((e) => e.row),
  };
  const vocab = loadVocabulary();
  await reset();
  say("Warm-up: the entities through both paths…");
  const warm = { entities: rows.entities, edges: [], similarities: [] };
  await baselineWrite(warm, vocab, batchSize, () => {});
  await reset();
  await ingest({ paths: [path.join(dir, "entities.jsonl")], batchSize });
  await reset();

  const zero = () => ({ s: 0, n: 0 });
  const baseline: Record<Phase, { s: number; n: number }> = { entities: zero(), edges: zero(), similarity: zero() };
  say("Baseline: bare UNWIND … MERGE, one auto-committed transaction per batch…");
  await baselineWrite(rows, vocab, batchSize, (phase, s, n) => (baseline[phase] = { s, n }));

  await reset();
  say("Ours: read + validate + one all-or-nothing transaction…");
  const ours: Record<Phase, { s: number; n: number }> = { entities: zero(), edges: zero(), similarity: zero() };
  const marks: { t: number; done: number; phase: Phase }[] = [];
  let validatedAt = 0;
  let committedAt = 0;
  const t0 = performance.now();
  const result = await ingest({
    paths: [dir],
    batchSize,
    onStage: (stage) => (stage === "validated" ? (validatedAt = performance.now()) : (committedAt = performance.now())),
    onProgress: (done, _total, label) => {
      marks.push({ t: performance.now(), done, phase: label.startsWith("edges") ? "edges" : (label as Phase) });
    },
  });
  // A phase runs from the end of the previous phase's last batch to the end of its own last batch.
  let prevT = validatedAt;
  let prevDone = 0;
  for (const phase of ["entities", "edges", "similarity"] as const) {
    const last = marks.filter((m) => m.phase === phase).pop();
    if (!last) continue;
    ours[phase] = { s: (last.t - prevT) / 1000, n: last.done - prevDone };
    prevT = last.t;
    prevDone = last.done;
  }
  const commitS = (committedAt - prevT) / 1000;
  const end = performance.now();
  const oursTotal = (end - t0) / 1000;
  const baseTotal = baseline.entities.s + baseline.edges.s + baseline.similarity.s;
  const totalRows = result.rows.entities + result.rows.edges + result.rows.similarities;

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(10);
  const line = (label: string, o: { s: number; n: number }, b: { s: number; n: number }) => {
    const or = o.n / o.s;
    const br = b.n / b.s;
    return `${label.padEnd(22)} ${fmt(or)} ${fmt(br)}   ${(or / br).toFixed(2)}×`;
  };
  process.stdout.write(`\nIngest benchmark: ${totalRows.toLocaleString("en-US")} rows, batch size ${batchSize}, ${conn.uri}\n`);
  process.stdout.write(`${"phase (rows/s)".padEnd(22)} ${"ours".padStart(10)} ${"baseline".padStart(10)}   ratio\n`);
  process.stdout.write(`${line("entities", ours.entities, baseline.entities)}\n`);
  process.stdout.write(`${line("typed edges", ours.edges, baseline.edges)}\n`);
  process.stdout.write(`${line("similarity", ours.similarity, baseline.similarity)}\n`);
  process.stdout.write(`${line("total (ours end to end)", { s: oursTotal, n: totalRows }, { s: baseTotal, n: totalRows })}\n`);
  process.stdout.write(`${line("write + commit (ours)", { s: (committedAt - validatedAt) / 1000, n: totalRows }, { s: baseTotal, n: totalRows })}\n`);
  process.stdout.write(
    `ours: ${oursTotal.toFixed(1)} s end to end = ${((validatedAt - t0) / 1000).toFixed(1)} s reading and validating + ` +
      `${((committedAt - validatedAt) / 1000).toFixed(1)} s writing (of which the commit ${commitS.toFixed(1)} s); baseline: ${baseTotal.toFixed(1)} s writing only\n`,
  );
  process.stdout.write(`targets: total ratio ≥ 0.80× and entities ≥ 15,000 rows/s\n`);
});
