// The ingest CLI against bad input and a SIGKILL half way through a large
// load: the graph is never half-written.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphDigest } from "../../lib/graph/digest";
import { ingest } from "../../lib/ingest/ingest";
import { pipeline } from "../../lib/neo4j/pipeline";
import { closeDriver, inWriteTransaction, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { freshDatasetDatabase, script, testChildEnv, TSX } from "../helpers/db";
import { copyOfData, tempDir, writeSynthetic } from "../helpers/files";

describe("ingest failures leave the graph untouched", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
  });
  afterAll(closeDriver);

  it("a bad row in the middle of a file: non-zero exit, file and line named, nothing written", async () => {
    const before = await graphDigest();
    const dir = copyOfData();
    // Change a valid entity (so the run would write) and break one edge in the middle.
    const entities = path.join(dir, "entities.jsonl");
    writeFileSync(entities, readFileSync(entities, "utf8").replace('"name": "Residual Stream"', '"name": "Residual Stream (edited)"'));
    const edgesFile = path.join(dir, "edges.jsonl");
    const lines = readFileSync(edgesFile, "utf8").split("\n");
    const middle = Math.floor(lines.length / 2);
    lines[middle] = JSON.stringify({ source: "concept:residual-stream", relation: "befriends", target: "concept:residual-stream" });
    writeFileSync(edgesFile, lines.join("\n"));

    const res = spawnSync(TSX, [script("ingest"), "--test", "--no-communities", dir], { env: await testChildEnv(), encoding: "utf8" });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain(`edges.jsonl:${middle + 1}: relation — unknown relation "befriends"`);
    expect(res.stderr).toContain(`edges.jsonl:${middle + 1}: target — an edge cannot join an entity to itself`);
    expect(res.stderr).toContain("nothing was written");
    expect(await graphDigest()).toEqual(before);
  });

  it("a statement failing in the middle of a pipelined write: its error is thrown and nothing commits", async () => {
    const before = await graphDigest();
    const seen: string[] = [];
    const attempt = inWriteTransaction(async (tx) => {
      const pipe = pipeline(tx, 2);
      const create = "UNWIND $rows AS id CREATE (:Entity {id: id, kind: 'concept', name: id})";
      await pipe.push(create, { rows: ["concept:pipeline-a"] }, () => seen.push("a"));
      // Violates the uniqueness constraint on Entity.id: fails on the server while later batches are already sent.
      await pipe.push(create, { rows: ["concept:residual-stream"] }, () => seen.push("b"));
      await pipe.push(create, { rows: ["concept:pipeline-c"] }, () => seen.push("c"));
      await pipe.drain();
    });
    await expect(attempt).rejects.toThrow(/already exists/);
    expect(seen).toEqual(["a"]);
    expect(await graphDigest()).toEqual(before);
  });

  it("--dry-run validates and writes nothing", async () => {
    const before = await graphDigest();
    const dir = copyOfData();
    const entities = path.join(dir, "entities.jsonl");
    writeFileSync(entities, readFileSync(entities, "utf8").replace('"name": "Residual Stream"', '"name": "Residual Stream (dry)"'));
    const res = spawnSync(TSX, [script("ingest"), "--test", "--dry-run", dir], { env: await testChildEnv(), encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain("Dry run: every row is valid; nothing was written.");
    expect(await graphDigest()).toEqual(before);
  });

  it("SIGKILL during a 200,000-row load: readers never see a partial load; the next run completes it", async () => {
    const before = await graphDigest();
    const dir = tempDir("kill");
    writeSynthetic(dir, { entities: 40_000, edges: 145_000, similarities: 15_000, seed: 11, supernodes: 2, supernodeDegree: 10_000 });

    const child = spawn(TSX, [script("ingest"), "--test", "--batch-size", "2000", dir], {
      env: { ...(await testChildEnv()), ATLAS_PROGRESS_EVERY_MS: "100" },
      detached: true, // its own process group, so the kill reaches tsx's node child too
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let killedAt = -1;
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const partialSeen: number[] = [];
    const watching = (async () => {
      // The app's view while the load runs: no synthetic entity may ever be visible.
      while (child.exitCode === null && child.signalCode === null) {
        const [row] = await readQuery("MATCH (e:Entity) WHERE e.id CONTAINS ':synthetic-' RETURN count(e) AS n");
        partialSeen.push(toCount(row?.n));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
      const pct = [...output.matchAll(/Ingest: (\d+)%/g)].map((m) => Number(m[1])).pop() ?? 0;
      if (killedAt < 0 && pct >= 35) {
        killedAt = pct;
        process.kill(-(child.pid as number), "SIGKILL");
      }
    });
    await exited;
    await watching;
    expect(killedAt, `the load finished before it could be killed:\n${output}`).toBeGreaterThanOrEqual(35);
    expect(killedAt).toBeLessThan(100);
    expect(partialSeen.length).toBeGreaterThan(0);
    expect(Math.max(...partialSeen)).toBe(0);
    expect(await graphDigest()).toEqual(before);

    // The next run loads everything; the result equals a complete load from scratch.
    // (Similarity is the ingest's own business here: skipped, as communities are.)
    const res = spawnSync(TSX, [script("ingest"), "--test", "--no-communities", "--no-similarity", dir], { env: await testChildEnv(), encoding: "utf8" });
    expect(res.status, res.stderr).toBe(0);
    const resumed = await graphDigest();
    expect(resumed.nodes).toBe(before.nodes + 40_000);

    await freshDatasetDatabase();
    await ingest({ paths: [dir], batchSize: 5000 });
    expect(await graphDigest()).toEqual(resumed);
  });
});
