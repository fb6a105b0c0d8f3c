// The rendered-page cache against the real app and Neo4j: a repeated anonymous
// request is answered from memory, and a write from another process (here
// `npm run ingest`) is visible on the very next request.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDriver } from "../../lib/neo4j/driver";
import { appUrl } from "../helpers/browser";
import { DATA_DIR, freshDatasetDatabase, script, testChildEnv, TSX } from "../helpers/db";
import { readJsonl, tempDir } from "../helpers/files";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const PAGE = () => `${appUrl()}/entities/${encodeURIComponent(FRAMEWORK)}`;
const API = () => `${appUrl()}/api/entities/${encodeURIComponent(FRAMEWORK)}`;

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, cache: res.headers.get("x-atlas-cache"), body: await res.text() };
}

/** Re-ingests the framework's row with another description, from a separate process. */
async function ingestFrameworkDescription(description: string) {
  const row = readJsonl(path.join(DATA_DIR, "entities.jsonl")).find((r) => r.id === FRAMEWORK);
  const dir = tempDir("page-cache");
  writeFileSync(path.join(dir, "entities.jsonl"), `${JSON.stringify({ ...row, description })}\n`);
  const res = spawnSync(TSX, [script("ingest"), "--test", "--no-communities", "--no-similarity", dir], { env: await testChildEnv(), encoding: "utf8" });
  expect(res.status, res.stderr).toBe(0);
}

describe("rendered-page cache", () => {
  let original = "";
  beforeAll(async () => {
    await freshDatasetDatabase();
    original = String(readJsonl(path.join(DATA_DIR, "entities.jsonl")).find((r) => r.id === FRAMEWORK)?.description);
  });
  afterAll(async () => {
    await ingestFrameworkDescription(original);
    await closeDriver();
  });

  it("answers a repeated anonymous request from memory, with the same bytes", async () => {
    const first = await get(PAGE());
    expect(first.status).toBe(200);
    const second = await get(PAGE());
    expect(second.cache).toBe("hit");
    expect(second.body).toBe(first.body);
    await get(API());
    expect((await get(API())).cache).toBe("hit");
  });

  it("shows a write made by another process on the next request", async () => {
    const marker = "Rewritten while the page was cached, to check that the cache follows the graph.";
    await ingestFrameworkDescription(marker);
    const page = await get(PAGE());
    expect(page.cache).toBe("miss");
    expect(page.body).toContain(marker);
    const api = await get(API());
    expect(api.cache).toBe("miss");
    expect(JSON.parse(api.body).entity.description).toBe(marker);
    expect((await get(PAGE())).cache).toBe("hit");
  });

  it("never answers curators, notices or the client router from the cache", async () => {
    expect((await get(PAGE(), { cookie: "atlas_session=not-a-real-session-token-but-a-cookie-all-the-sa" })).cache).toBe("bypass");
    expect((await get(`${PAGE()}?notice=added`)).cache).toBe("bypass");
    expect((await get(PAGE(), { rsc: "1" })).cache).toBe("bypass");
  });
});
