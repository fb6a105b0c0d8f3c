// `npm start`: ensure Neo4j (the user's NEO4J_URI or the local server),
// ingest data/ (idempotently), build the app if its sources changed, and serve
// it on http://localhost:3000 (PORT to change).
import path from "node:path";
import { spawn } from "node:child_process";
import { buildApp, needsBuild } from "./app-build";
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { changedRows, describeResult, ingest } from "../lib/ingest/ingest";
import { communitiesStale, recomputeCommunities } from "../lib/communities/store";
import { recomputeRankings } from "../lib/entities/rankings";
import { ensureInitialAdmin } from "../lib/auth/curators";
import { ensureSchema } from "../lib/neo4j/schema";
import { useConnection } from "../lib/neo4j/connection";
import { closeDriver } from "../lib/neo4j/driver";
import { connectionEnv, ensureDatabase } from "../lib/neo4j/ensure";
import { createProgress, type Progress } from "../lib/progress";
import { describeSimilarity } from "../lib/similarity/run";
import { args, main, reportRankings, say } from "./cli";
import { runSimilarity } from "./similarity-progress";

main(async () => {
  const { values } = args({ "no-ingest": { type: "boolean", default: false }, dev: { type: "boolean", default: false } });
  readEnv();
  const conn = await ensureDatabase("dev", say);
  useConnection(conn);
  if (!values["no-ingest"]) {
    let progress: Progress | null = null;
    const result = await ingest({
      paths: [path.join(PROJECT_ROOT, "data")],
      batchSize: readEnv().INGEST_BATCH_SIZE,
      onProgress: (done, total, phase) => {
        progress ??= createProgress({ total, label: "Ingest data/" });
        progress.advance(done, phase);
      },
    });
    (progress as Progress | null)?.finish();
    say(describeResult(result));
    if (await communitiesStale(changedRows(result))) {
      const c = await recomputeCommunities();
      say(`Communities: ${c.communities} (largest ${c.largest} members) in ${c.seconds.toFixed(1)} s`);
    }
    reportRankings(await recomputeRankings());
    say(describeSimilarity(await runSimilarity()));
  }
  // Every write needs a curator: on a first start with none, create an admin and show its password once.
  await ensureSchema();
  const admin = await ensureInitialAdmin();
  if (admin?.generatedPassword) {
    say(`\nNo curator existed, so one was created. Sign in at /signin as "${admin.name}" with the password`);
    say(`    ${admin.generatedPassword}`);
    say("It is shown only this once (only its scrypt hash is stored); `npm run curator -- add|remove|list` manages curators.\n");
  }
  await closeDriver();
  if (!values.dev && needsBuild()) buildApp();

  const port = process.env.PORT ?? "3000";
  // Development: next dev (no page cache). Otherwise our server: Next's handler behind the page cache.
  const bin = (name: string) => path.join(PROJECT_ROOT, "node_modules", ".bin", name);
  const [command, argv] = values.dev ? [bin("next"), ["dev", "-p", port]] : [bin("tsx"), [path.join(PROJECT_ROOT, "scripts", "serve.ts")]];
  const child = spawn(command, argv, {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, ...connectionEnv(conn), PORT: port, NODE_ENV: values.dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  say(`Interp Atlas: http://localhost:${port} (Neo4j: ${conn.uri}, ${conn.origin}). Ctrl+C stops the app; npm run db:stop stops Neo4j.`);
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
});
