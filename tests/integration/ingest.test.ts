// Round trip of the circuits dataset through the real Neo4j: counts equal the
// files, a second run is a no-op, CSV loads the same graph as JSON Lines.
import { rmSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphDigest } from "../../lib/graph/digest";
import { ingest } from "../../lib/ingest/ingest";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { DATA_DIR, freshTestDatabase } from "../helpers/db";
import { copyOfData, jsonlToCsv, readJsonl, tempDir } from "../helpers/files";

const load = (paths: string[]) => ingest({ paths, batchSize: 50 });

function countBy<T>(rows: T[], key: (r: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

describe("ingest of data/", () => {
  beforeAll(async () => {
    await freshTestDatabase();
  });
  afterAll(closeDriver);

  it("loads every row: counts by kind and relation in Neo4j equal the files", async () => {
    const result = await load([DATA_DIR]);
    const entities = readJsonl<{ kind: string }>(path.join(DATA_DIR, "entities.jsonl"));
    const edges = readJsonl<{ relation: string }>(path.join(DATA_DIR, "edges.jsonl"));
    const sims = readJsonl(path.join(DATA_DIR, "similarity.jsonl"));

    const kinds = await readQuery("MATCH (e:Entity) RETURN e.kind AS k, count(*) AS n");
    expect(Object.fromEntries(kinds.map((r) => [r.k, toCount(r.n)]))).toEqual(countBy(entities, (e) => e.kind));
    const rels = await readQuery("MATCH (:Entity)-[r]->(:Entity) WHERE type(r) <> 'SIMILAR_TO' RETURN toLower(type(r)) AS t, count(*) AS n");
    expect(Object.fromEntries(rels.map((r) => [r.t, toCount(r.n)]))).toEqual(countBy(edges, (e) => e.relation));
    const simCount = await readQuery("MATCH (:Entity)-[s:SIMILAR_TO]->(:Entity) RETURN count(s) AS n");
    expect(toCount(simCount[0]?.n)).toBe(sims.length);

    const created = Object.values(result.summary?.entities ?? {}).reduce((s, c) => s + c.created, 0);
    expect(created).toBe(entities.length);
    expect(result.summary?.similarity.created).toBe(sims.length);
  });

  it("is idempotent: a second run changes nothing and says so", async () => {
    const before = await graphDigest();
    const again = await load([DATA_DIR]);
    const all = [...Object.values(again.summary?.entities ?? {}), ...Object.values(again.summary?.edges ?? {}), again.summary!.similarity];
    expect(all.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    expect(all.reduce((s, c) => s + c.unchanged, 0)).toBe(again.rows.entities + again.rows.edges + again.rows.similarities);
    expect(await graphDigest()).toEqual(before);
  });

  it("reports updates precisely and removes a field that the file no longer has", async () => {
    const dir = copyOfData();
    const file = path.join(dir, "entities.jsonl");
    const rows = readJsonl<Record<string, unknown>>(file);
    const target = rows.find((r) => r.id === "concept:residual-stream")!;
    target.description = "Changed for the test.";
    delete target.aliases;
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
    const result = await load([dir]);
    expect(result.summary?.entities.concept).toMatchObject({ created: 0, updated: 1 });
    const [row] = await readQuery("MATCH (e:Entity {id: 'concept:residual-stream'}) RETURN e.description AS d, e.aliases AS a");
    expect(row).toEqual({ d: "Changed for the test.", a: null });
    await load([DATA_DIR]); // back to the dataset
    rmSync(dir, { recursive: true });
  });

  it("loads the same graph from CSV as from JSON Lines", async () => {
    const jsonDigest = await graphDigest();
    const dir = tempDir("csv");
    for (const name of ["entities", "edges", "similarity"]) {
      jsonlToCsv(path.join(DATA_DIR, `${name}.jsonl`), path.join(dir, `${name}.csv`));
    }
    expect(readFileSync(path.join(dir, "entities.csv"), "utf8").split("\n")[0]).toContain("id,kind,name");
    await freshTestDatabase();
    await load([dir]);
    expect(await graphDigest()).toEqual(jsonDigest);
  });
});
