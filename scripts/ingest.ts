// npm run ingest -- [paths…] [--dry-run] [--batch-size N] [--no-communities] [--no-similarity]
// Validates every row of the given files/folders (default data/) and loads
// them into Neo4j in one transaction; then, each after the ingest committed,
// communities and similarity edges. Thin wrapper over lib/ingest.
import path from "node:path";
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { changedRows, describeResult, ingest } from "../lib/ingest/ingest";
import { communitiesStale, recomputeCommunities } from "../lib/communities/store";
import { recomputeRankings } from "../lib/entities/rankings";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { createProgress, type Progress } from "../lib/progress";
import { describeSimilarity } from "../lib/similarity/run";
import { args, main, reportRankings, say } from "./cli";
import { runSimilarity } from "./similarity-progress";

main(async () => {
  const { values, positionals } = args({
    "dry-run": { type: "boolean", default: false },
    "batch-size": { type: "string" },
    test: { type: "boolean", default: false },
    "no-communities": { type: "boolean", default: false },
    "no-similarity": { type: "boolean", default: false },
  });
  const env = readEnv();
  const batchSize = values["batch-size"] ? Number(values["batch-size"]) : env.INGEST_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error("--batch-size must be a positive whole number");
  const paths = positionals.length ? positionals : [path.join(PROJECT_ROOT, "data")];

  useConnection(await ensureDatabase(values.test ? "test" : "dev", say));
  let progress: Progress | null = null;
  const result = await ingest({
    paths,
    dryRun: values["dry-run"],
    batchSize,
    onRead: (input) => say(`Read ${input.files.length} files: ${input.entities.length + input.edges.length + input.similarities.length} rows.`),
    onProgress: (done, total, phase) => {
      progress ??= createProgress({ total, label: "Ingest" });
      progress.advance(done, phase);
    },
  });
  (progress as Progress | null)?.finish();
  process.stdout.write(`${describeResult(result)}\n`);
  if (!result.dryRun && !values["no-communities"] && (await communitiesStale(changedRows(result)))) {
    const c = await recomputeCommunities();
    process.stdout.write(`Communities: ${c.communities} (largest ${c.largest} members, ${c.singletons} single entities) in ${c.seconds.toFixed(1)} s\n`);
  }
  if (!result.dryRun) reportRankings(await recomputeRankings());
  // Incremental: only entities whose text changed (or that an interrupted run left) are embedded and relinked.
  if (!result.dryRun && !values["no-similarity"]) {
    process.stdout.write(`${describeSimilarity(await runSimilarity())}\n`);
  }
});
