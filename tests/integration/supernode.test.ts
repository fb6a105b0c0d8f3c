// A synthetic supernode with 10,000 distinct neighbours: every group returns
// its first 20 members with the right totals, and its stored ranking gives
// exactly the live page, is dropped by a write that changes it, and comes back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEntityPage, PAGE_SIZE } from "../../lib/entities/query";
import { syntheticId } from "../../lib/ingest/generate";
import { ingest } from "../../lib/ingest/ingest";
import { recomputeRankings } from "../../lib/entities/rankings";
import { loadVocabulary } from "../../lib/vocabulary";
import { writeFileSync } from "node:fs";
import path from "node:path";
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

  it("a stored ranking gives exactly the live page; a write that changes the order drops it until recomputed", async () => {
    const rankings = async () => toCount((await readQuery("MATCH (r:Ranking {entity: $id}) RETURN count(r) AS n", { id: hub }))[0]?.n);
    expect(await rankings()).toBe(0);
    const live = (await getEntityPage(hub))!;
    const biggest = [...live.groups].sort((a, b) => b.total - a.total)[0]!;
    const views = [{}, { group: biggest.kind, page: 2 }, { group: biggest.kind, page: biggest.pages }];
    const livePages = await Promise.all(views.map((v) => getEntityPage(hub, v)));

    const r = await recomputeRankings();
    expect(r.computed).toBeGreaterThanOrEqual(1);
    expect(await rankings()).toBe(live.groups.length);
    for (const [i, v] of views.entries()) expect(await getEntityPage(hub, v)).toEqual(livePages[i]);

    // A second relation to the last member of the biggest group moves it up, off the last page.
    const lastPage = livePages[2]!.groups.find((g) => g.kind === biggest.kind)!;
    const member = lastPage.members[lastPage.members.length - 1]!;
    const used = new Set(member.relations.map((x) => x.relation));
    const relation = loadVocabulary().relations.find((x) => !used.has(x.key))!.key;
    const dir = tempDir("rank-change");
    writeFileSync(path.join(dir, "edges.jsonl"), `${JSON.stringify({ source: hub, relation, target: member.id })}\n`);
    await ingest({ paths: [dir], batchSize: 5000 });
    expect(await rankings()).toBe(0);
    const after = await Promise.all(views.map((v) => getEntityPage(hub, v)));
    const lastAfter = after[2]!.groups.find((g) => g.kind === biggest.kind)!;
    expect(lastAfter.members.map((m) => m.id)).not.toContain(member.id);

    await recomputeRankings();
    expect(await rankings()).toBe(live.groups.length);
    for (const [i, v] of views.entries()) expect(await getEntityPage(hub, v)).toEqual(after[i]);
  });
});
