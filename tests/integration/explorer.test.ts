// The explorer's data from the real Neo4j: filters by kind, relation,
// similarity, degree, ego network, and the node limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExplorerFiltersSchema, getExplorerGraph, UnknownFilterValue } from "../../lib/graph/explorer";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { freshDatasetDatabase } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const filters = (q: Record<string, string>) => ExplorerFiltersSchema.parse(q);

describe("graph explorer data", () => {
  beforeAll(freshDatasetDatabase);
  afterAll(closeDriver);

  it("returns the whole graph by default: every entity, typed and similarity edge", async () => {
    const data = await getExplorerGraph(filters({}));
    const [counts] = await readQuery(
      "MATCH (e:Entity) WITH count(e) AS n MATCH (:Entity)-[r]->(:Entity) RETURN n, count(r) AS r",
    );
    expect(data.nodes).toHaveLength(toCount(counts?.n));
    expect(data.edges).toHaveLength(toCount(counts?.r));
    expect(data.truncated).toBe(false);
  });

  it("filters kinds, relations, similarity and score", async () => {
    const papers = await getExplorerGraph(filters({ kinds: "paper,thinker", relations: "authored", similarity: "off" }));
    expect(new Set(papers.nodes.map((n) => n.kind))).toEqual(new Set(["paper", "thinker"]));
    expect(new Set(papers.edges.map((e) => e.relation))).toEqual(new Set(["authored"]));
    const strong = await getExplorerGraph(filters({ relations: "extends", minScore: "0.9" }));
    expect(strong.edges.filter((e) => e.relation === null).every((e) => (e.score ?? 0) >= 0.9)).toBe(true);
    expect(strong.edges.some((e) => e.relation === null)).toBe(true);
  });

  it("keeps the most connected nodes under a limit and says it truncated", async () => {
    const data = await getExplorerGraph(filters({ limit: "10" }));
    expect(data.nodes).toHaveLength(10);
    expect(data.truncated).toBe(true);
    const degrees = data.nodes.map((n) => n.degree);
    expect(degrees).toEqual([...degrees].sort((a, b) => b - a));
    const min = await getExplorerGraph(filters({ minDegree: "10" }));
    expect(min.nodes.every((n) => n.degree >= 10)).toBe(true);
  });

  it("builds ego networks of depth 1 to 3", async () => {
    const one = await getExplorerGraph(filters({ ego: FRAMEWORK, depth: "1", similarity: "off" }));
    expect(one.nodes).toHaveLength(10); // the framework and its 9 typed neighbours
    expect(one.edges.length).toBeGreaterThanOrEqual(9); // its own 9, plus any among the neighbours
    expect(one.edges.every((e) => one.nodes.some((n) => n.id === e.source) && one.nodes.some((n) => n.id === e.target))).toBe(true);
    const two = await getExplorerGraph(filters({ ego: FRAMEWORK, depth: "2" }));
    expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
  });

  it("rejects kinds and relations outside the vocabulary", async () => {
    await expect(getExplorerGraph(filters({ kinds: "gizmo" }))).rejects.toBeInstanceOf(UnknownFilterValue);
    await expect(getExplorerGraph(filters({ relations: "DETACH DELETE" }))).rejects.toBeInstanceOf(UnknownFilterValue);
  });
});
