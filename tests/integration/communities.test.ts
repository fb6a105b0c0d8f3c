// Communities computed from the typed graph in Neo4j, stored, and read by the
// community page and the entity page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCommunityPage } from "../../lib/communities/page";
import { recomputeCommunities } from "../../lib/communities/store";
import { getEntityPage } from "../../lib/entities/query";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { freshDatasetDatabase } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";

describe("communities", () => {
  beforeAll(freshDatasetDatabase);
  afterAll(closeDriver);

  it("assigns every entity a community, stores one node per community, and is deterministic", async () => {
    const summary = await recomputeCommunities();
    const [row] = await readQuery(
      "MATCH (e:Entity) RETURN count(e) AS n, count(e.community) AS assigned, count(DISTINCT e.community) AS distinct",
    );
    expect(toCount(row?.assigned)).toBe(toCount(row?.n));
    expect(toCount(row?.distinct)).toBe(summary.communities);
    const [nodes] = await readQuery("MATCH (c:Community) RETURN count(c) AS n, sum(c.size) AS members");
    expect(toCount(nodes?.n)).toBe(summary.communities);
    expect(toCount(nodes?.members)).toBe(toCount(row?.n));
    const before = await readQuery("MATCH (e:Entity) RETURN e.id AS id, e.community AS c, e.subcommunity AS s ORDER BY id");
    await recomputeCommunities();
    expect(await readQuery("MATCH (e:Entity) RETURN e.id AS id, e.community AS c, e.subcommunity AS s ORDER BY id")).toEqual(before);
  });

  it("gives the framework's community a label, members, sources and bridges, linked from the entity page", async () => {
    const entity = (await getEntityPage(FRAMEWORK))!;
    expect(entity.community).not.toBeNull();
    const page = (await getCommunityPage(entity.community!.id))!;
    expect(page.size).toBe(entity.community!.size);
    expect(page.label).toBe(entity.community!.label);
    expect(page.label.split(" · ")).toHaveLength(Math.min(3, page.size));
    expect(page.members.map((m) => m.id)).toContain(FRAMEWORK);
    expect(page.members.map((m) => m.degree)).toEqual([...page.members.map((m) => m.degree)].sort((a, b) => b - a));
    expect(page.sources).toBeGreaterThan(0);
    expect(page.bridges.map((b) => b.edges)).toEqual([...page.bridges.map((b) => b.edges)].sort((a, b) => b - a));
    expect(page.bridges.every((b) => b.id !== page.id)).toBe(true);
    expect(page.subcommunities.reduce((s, x) => s + x.size, 0)).toBe(page.size);
    expect(await getCommunityPage(99_999)).toBeNull();
  });
});
