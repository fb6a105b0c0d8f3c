// The benchmarks' data: the synthetic 100k-entity / 500k-edge set (generated
// once into .neo4j/bench-data/), and loading it with data/ into the test database.
import { existsSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "../lib/config";
import { recomputeRankings } from "../lib/entities/rankings";
import { ingest } from "../lib/ingest/ingest";
import type { Connection } from "../lib/neo4j/connection";
import { ensureSchema } from "../lib/neo4j/schema";
import { resetTestDatabase } from "../lib/neo4j/test-database";
import { reportRankings, say } from "./cli";

/** The folder holding the synthetic set, generated on first use. */
export function syntheticSet(entities = "100000", edges = "500000"): string {
  const dir = path.join(PROJECT_ROOT, ".neo4j", "bench-data", `${entities}-${edges}`);
  if (!existsSync(path.join(dir, "similarity.jsonl"))) {
    say(`Generating ${entities} entities / ${edges} edges into ${dir}…`);
    const res = spawnSync(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [
      path.join(PROJECT_ROOT, "scripts", "generate.ts"), "--entities", entities, "--edges", edges, "--out", dir,
    ], { stdio: "inherit" });
    if (res.status !== 0) throw new Error("generating the synthetic set failed");
  }
  return dir;
}

/** Empties the test database and loads data/ plus the 100k synthetic set. */
export async function loadBenchGraph(conn: Connection): Promise<void> {
  const dir = syntheticSet();
  say("Loading data/ and the 100k synthetic graph into the test database…");
  await resetTestDatabase(conn.uri);
  await ensureSchema();
  await ingest({ paths: [path.join(PROJECT_ROOT, "data")], batchSize: 5000 });
  await ingest({ paths: [dir], batchSize: 5000 });
  reportRankings(await recomputeRankings());
}
