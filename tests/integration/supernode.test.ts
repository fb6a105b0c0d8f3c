// A synthetic supernode with 10,000 distinct neighbours: every group returns
// its first 20 members with the right totals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEntityPage, PAGE_SIZE } from "../../lib/entities/query";
import { syntheticId } from "../../lib/ingest/generate";
import { ingest } from "../../lib/ingest/ingest";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { freshTestDatabase } from "../helpers/db";
import { tempDir, writeSynthetic } from "../helpers/files";

describe("a supernode's page", () => {
  const hub = syntheticId("concept", 0);
  beforeAll(async () => {
    await freshTestDatabase();
    const dir = tempDir("supernode");
    writeSynthetic(dir, { entities: 21_000, edges: 14_000, similarities: 2_000, seed: 3, supernodes: 1, supernodeDegree: 10_000 });
    await ingest({ paths: [dir], batchSize: 5000 });
  });
  afterAll(closeDriver);

  it("returns 20 per group with totals that add up to every neighbour", async () => {
    const rows = await readQuery(
      "MATCH (e:Entity {id: $id})-[r]-(n:Entity) WHERE NOT r:SIMILAR_TO RETURN n.kind AS kind, count(DISTINCT n) AS n",
      { id: hub },
    );
    const expected = Object.fromEntries(rows.map((r) => [String(r.kind), toCount(r.n)]));
    const total = Object.values(expected).reduce((s, n) => s + n, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);

    const page = (await getEntityPage(hub))!;
    expect(Object.fromEntries(page.groups.map((g) => [g.kind, g.total]))).toEqual(expected);
    for (const g of page.groups) {
      expect(g.members.length).toBe(Math.min(PAGE_SIZE, g.total));
      expect(g.pages).toBe(Math.ceil(g.total / PAGE_SIZE));
    }
    const biggest = [...page.groups].sort((a, b) => b.total - a.total)[0]!;
    const last = (await getEntityPage(hub, { group: biggest.kind, page: biggest.pages }))!.groups.find((g) => g.kind === biggest.kind)!;
    expect(last.members.length).toBe(biggest.total - (biggest.pages - 1) * PAGE_SIZE);
  });
});
