// The entity page's data from the real Neo4j: groups, order, ranking,
// relation labels, bridges, similarity, paging and paper/thinker extras.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEntityPage } from "../../lib/entities/query";
import { compareMembers } from "../../lib/entities/ranking";
import { ingest } from "../../lib/ingest/ingest";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { searchEntities } from "../../lib/search";
import { DATA_DIR, freshTestDatabase } from "../helpers/db";
import { tempDir } from "../helpers/files";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const heading = (g: { plural: string; total: number }) => `${g.plural} (${g.total})`;

function fixture(): string {
  // x has: a (two edges), b (one edge, many edges overall), c (one edge, few), 45 concepts (paging),
  // z two hops away through a and b (a bridge), s similar to x, t similar AND typed-linked to x.
  const dir = tempDir("page");
  const ent = (id: string, name = id) => ({ id, kind: id.split(":")[0], name, description: `About ${name}.` });
  const entities = [ent("method:x", "X"), ent("method:a", "A"), ent("method:b", "B"), ent("method:c", "C"), ent("method:z", "Z"),
    ent("method:s", "S"), ent("method:t", "T"), ...Array.from({ length: 45 }, (_, i) => ent(`concept:k${String(i).padStart(2, "0")}`, `K${String(i).padStart(2, "0")}`)),
    ...Array.from({ length: 5 }, (_, i) => ent(`finding:f${i}`))];
  const edges = [
    { source: "method:x", relation: "uses", target: "method:a" },
    { source: "method:a", relation: "extends", target: "method:x" },
    { source: "method:b", relation: "related_to", target: "method:x" },
    { source: "method:x", relation: "uses", target: "method:c" },
    { source: "method:x", relation: "uses", target: "method:t" },
    { source: "method:a", relation: "uses", target: "method:z" },
    { source: "method:b", relation: "uses", target: "method:z" },
    ...Array.from({ length: 5 }, (_, i) => ({ source: `finding:f${i}`, relation: "supports", target: "method:b" })),
    ...Array.from({ length: 45 }, (_, i) => ({ source: "method:x", relation: "mentions", target: `concept:k${String(i).padStart(2, "0")}` })),
  ];
  const sims = [
    { a: "method:x", b: "method:s", score: 0.8 },
    { a: "method:t", b: "method:x", score: 0.95 },
    { a: "method:x", b: "method:z", score: 0.6 },
  ];
  const dump = (name: string, rows: unknown[]) => writeFileSync(path.join(dir, name), rows.map((r) => JSON.stringify(r)).join("\n"));
  dump("entities.jsonl", entities);
  dump("edges.jsonl", edges);
  dump("similarity.jsonl", sims);
  return dir;
}

describe("entity page data", () => {
  beforeAll(async () => {
    await freshTestDatabase();
    await ingest({ paths: [DATA_DIR], batchSize: 1000 });
    await ingest({ paths: [fixture()], batchSize: 1000 });
  });
  afterAll(closeDriver);

  it("shows the framework as the source entry does", async () => {
    const page = (await getEntityPage(FRAMEWORK))!;
    expect(page.entity).toMatchObject({ kind: "framework", status: "active", name: "A Mathematical Framework for Transformer Circuits", year: 2021 });
    expect(page.groups.map(heading)).toEqual(["Papers (2)", "Methods (2)", "Concepts (4)", "Frameworks (1)"]);
    const methods = page.groups[1]!.members;
    expect(methods.find((m) => m.name === "Logit Weight Analysis")?.relations.map((r) => r.label)).toEqual(["extends → this"]);
    const concepts = page.groups[2]!.members;
    expect(concepts.find((m) => m.name === "Residual Stream")?.relations.map((r) => r.label)).toEqual(["this implements →"]);
    expect(page.similar.total).toBe(8);
    expect(page.similar.threshold).toBe(0.65);
    expect(page.similar.members.at(-1)).toMatchObject({ score: 0.731, kind: "concept" });
    expect(page.similar.members.map((m) => m.score)).toEqual([...page.similar.members.map((m) => m.score)].sort((a, b) => b - a));
    expect(page.restatedBy.members.map((m) => m.id)).toContain("paper:a-mathematical-framework-for-transformer-circuits");
  });

  it("shows Logit Weight Analysis with Frameworks (1), Concepts (1), Claims (1)", async () => {
    const page = (await getEntityPage("method:logit-weight-analysis"))!;
    expect(page.groups.map(heading)).toEqual(["Frameworks (1)", "Concepts (1)", "Claims (1)"]);
  });

  it("ranks members by edges to this entity, then their own edge count, then name", async () => {
    const page = (await getEntityPage("method:x"))!;
    const methods = page.groups.find((g) => g.kind === "method")!;
    expect(methods.members.map((m) => m.name)).toEqual(["A", "B", "C", "T"]);
    expect(methods.members[0]).toMatchObject({ links: 2, degree: 3 });
    expect(methods.members[0]!.relations.map((r) => r.label).sort()).toEqual(["extends → this", "this uses →"]);
    expect(methods.members[1]).toMatchObject({ links: 1, degree: 7 });
    expect([...methods.members].sort(compareMembers)).toEqual(methods.members);
    // Own kind (method) after the other core kinds: concepts first.
    expect(page.groups.map((g) => g.kind)).toEqual(["concept", "method"]);
  });

  it("pages a group: 20 at a time with the full count", async () => {
    const first = (await getEntityPage("method:x"))!.groups.find((g) => g.kind === "concept")!;
    expect(first).toMatchObject({ total: 45, page: 1, pages: 3 });
    expect(first.members.map((m) => m.name)).toEqual(Array.from({ length: 20 }, (_, i) => `K${String(i).padStart(2, "0")}`));
    const third = (await getEntityPage("method:x", { group: "concept", page: 3 }))!.groups.find((g) => g.kind === "concept")!;
    expect(third).toMatchObject({ total: 45, page: 3 });
    expect(third.members.map((m) => m.name)).toEqual(["K40", "K41", "K42", "K43", "K44"]);
  });

  it("finds conceptual bridges two hops away, ranked by paths", async () => {
    const page = (await getEntityPage("method:x"))!;
    const z = page.bridges.find((b) => b.id === "method:z");
    expect(z).toMatchObject({ paths: 2 });
    expect(z!.via.map((v) => v.name).sort()).toEqual(["A", "B"]);
    expect(page.bridges.map((b) => b.id)).not.toContain("method:a"); // directly linked
    expect(page.bridges[0]!.paths).toBeGreaterThanOrEqual(page.bridges.at(-1)!.paths);
  });

  it("never lists a typed pair as related by similarity, and honours the threshold", async () => {
    const page = (await getEntityPage("method:x"))!;
    expect(page.similar.members.map((m) => m.id)).toEqual(["method:s"]); // t is typed-linked, z is below 0.65
    expect(page.restatedBy.members.map((m) => m.id)).toEqual(["method:t"]);
    const [row] = await readQuery(
      `MATCH (a:Entity)-[:SIMILAR_TO]-(b:Entity) WHERE EXISTS { (a)-[r]-(b) WHERE NOT r:SIMILAR_TO } RETURN collect(DISTINCT a.id) AS ids`,
    );
    for (const id of (row?.ids as string[]).slice(0, 20)) {
      const p = (await getEntityPage(id))!;
      const typed = new Set(p.groups.flatMap((g) => g.members.map((m) => m.id)));
      expect(p.similar.members.filter((m) => typed.has(m.id))).toEqual([]);
    }
  });

  it("gives claims their source paper, papers their extras, thinkers their papers", async () => {
    const claim = (await getEntityPage("method:logit-weight-analysis"))!.groups.find((g) => g.kind === "claim")!.members[0]!;
    const claimPage = (await getEntityPage(claim.id))!;
    expect(claimPage.sourcePaper).toMatchObject({ kind: "paper", year: expect.any(Number) });
    expect(claimPage.sourcePaper!.authors.length).toBeGreaterThan(0);

    const paper = (await getEntityPage("paper:a-mathematical-framework-for-transformer-circuits"))!;
    expect(paper.entity.tldr).toBeTruthy();
    expect(paper.entity.takeaways.length).toBeGreaterThanOrEqual(3);
    expect(paper.paper!.authors.find((a) => a.name === "Chris Olah")?.id).toBe("thinker:chris-olah");
    expect(paper.paper!.extracted.map((g) => g.kind)).toEqual(expect.arrayContaining(["claim", "finding"]));
    expect(paper.paper!.citedBy.total).toBe(paper.paper!.citedBy.members.length);

    const olah = (await getEntityPage("thinker:chris-olah"))!;
    expect(olah.thinker!.authored.total).toBeGreaterThanOrEqual(5);
    expect(olah.thinker!.authored.members.map((p) => p.id)).toContain("paper:a-mathematical-framework-for-transformer-circuits");
    expect(olah.thinker!.introduced.length).toBeGreaterThan(0);
  });

  it("returns null for an unknown id", async () => {
    expect(await getEntityPage("concept:does-not-exist")).toBeNull();
  });

  it("searches names, aliases and descriptions by prefix", async () => {
    expect((await searchEntities("resid str")).map((h) => h.id)).toContain("concept:residual-stream");
    expect((await searchEntities("FLOATER"))[0]?.id).toBe("concept:floater-learning-to-encode-position");
    expect(await searchEntities("  +-&& ")).toEqual([]);
  });
});
