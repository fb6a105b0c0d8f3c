// `npm test`: the same set-up as `npm start`, but on the test database (the
// local test server on its own port and data folder, or NEO4J_TEST_URI), then
// unit, integration and end-to-end tests; ends with "N passed, N failed".
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { connectionEnv, ensureDatabase } from "../lib/neo4j/ensure";
import { stopLocalServer } from "../lib/neo4j/local-server";
import { buildApp, needsBuild } from "./app-build";
import { startAppServer } from "./app-server";
import { args, main, say } from "./cli";

const ARTIFACTS = path.join(PROJECT_ROOT, "artifacts");

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

/** Failed tests, counting every test of a file that failed before its tests could run (e.g. in beforeAll). */
function countFailed(json: VitestJson): number {
  let failed = json.numFailedTests;
  for (const file of json.testResults) {
    if (file.status !== "failed") continue;
    if (file.assertionResults.some((a) => a.status === "failed")) continue;
    failed += Math.max(1, file.assertionResults.length);
  }
  return failed;
}

main(async () => {
  const { positionals } = args({});
  const env = readEnv();
  mkdirSync(ARTIFACTS, { recursive: true });
  const conn = await ensureDatabase("test", say);
  const usingLocal = !env.NEO4J_TEST_URI;

  // The app under test talks to the test database only.
  if (needsBuild()) buildApp();
  const appPort = process.env.E2E_PORT ?? "3100";
  const app = await startAppServer(Number(appPort), connectionEnv(conn));

  let code = 1;
  try {
    const appUrl = app.url;
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NEO4J_TEST_URI: conn.uri,
      NEO4J_TEST_USERNAME: conn.username,
      NEO4J_TEST_PASSWORD: conn.password,
      ATLAS_E2E_URL: appUrl,
      ATLAS_ARTIFACTS: ARTIFACTS,
    };
    if (conn.database) childEnv.NEO4J_TEST_DATABASE = conn.database;
    delete childEnv.NEO4J_URI; // tests never see the user's database
    const report = path.join(ARTIFACTS, "vitest.json");
    const res = spawnSync(
      path.join(PROJECT_ROOT, "node_modules", ".bin", "vitest"),
      ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...positionals],
      { cwd: PROJECT_ROOT, stdio: "inherit", env: childEnv },
    );
    if (!existsSync(report)) {
      say(`Vitest produced no report (exit ${res.status}).`);
      process.stdout.write("0 passed, 1 failed\n");
      return 1;
    }
    const json = JSON.parse(readFileSync(report, "utf8")) as VitestJson;
    const failed = countFailed(json);
    const brokenFiles = json.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"));
    const skipped = Math.max(0, json.numPendingTests + json.numTodoTests - brokenFiles.reduce((s, f) => s + f.assertionResults.length, 0));
    // Skips (only tests that say why, e.g. no transformers model here) get their own line: the last line stays "N passed, N failed".
    if (skipped) process.stdout.write(`\n${skipped} skipped (see the messages above)`);
    process.stdout.write(`\n${json.numPassedTests} passed, ${failed} failed\n`);
    code = failed === 0 && res.status === 0 && json.numPassedTests > 0 ? 0 : 1;
  } finally {
    app.stop();
    if (code !== 0) {
      const tail = app.log().split("\n").slice(-40).join("\n");
      if (tail.trim()) say(`--- app server log (last lines) ---\n${tail}`);
    }
    if (usingLocal && !process.env.KEEP_TEST_DB) {
      await stopLocalServer({ root: PROJECT_ROOT, name: "test", port: env.NEO4J_TEST_PORT });
    }
  }
  return code;
});
