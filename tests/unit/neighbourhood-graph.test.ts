import { describe, expect, it } from "vitest";
import type { EntityPage, GroupMember, NeighbourGroup, SimilarEntity } from "../../lib/entities/types";
import { buildNeighbourhoodGraph as build, expandNode as expand, graphInput, kindColor, undoExpansion, type BuildOptions, type NeighbourhoodGraph } from "../../lib/graph/neighbourhood";

const buildNeighbourhoodGraph = (p: EntityPage, opts?: BuildOptions) => build(graphInput(p, 1000), opts);
const expandNode = (g: NeighbourhoodGraph, p: EntityPage, cap?: number) => expand(g, graphInput(p, 1000), cap);

const member = (id: string, relations: [string, boolean][], degree = 3): GroupMember => ({
  id, kind: id.split(":")[0]!, name: id.split(":")[1]!, description: null, status: "active",
  links: relations.length, degree,
  relations: relations.map(([relation, outgoing]) => ({ relation, outgoing, label: relation })),
});
const group = (kind: string, members: GroupMember[], total = members.length): NeighbourGroup => ({
  kind, label: kind, plural: `${kind}s`, total, page: 1, pageSize: 20, pages: Math.ceil(total / 20), members,
});
const similar = (id: string, score: number): SimilarEntity => ({ id, kind: id.split(":")[0]!, name: id, description: null, score, duplicateSuspected: false });

function page(id: string, groups: NeighbourGroup[], sims: SimilarEntity[] = [], similarTotal = sims.length): EntityPage {
  return {
    entity: {
      id, kind: id.split(":")[0]!, kindLabel: "", name: id, status: "active", description: null, aliases: [], year: null, url: null,
      mergedInto: null, edges: groups.reduce((s, g) => s + g.total, 0), authors: [], venue: null, doi: null, arxiv: null, tldr: null, takeaways: [],
    },
    sourcePaper: null, community: null, groups, bridges: [],
    similar: { threshold: 0.65, total: similarTotal, members: sims },
    restatedBy: { threshold: 0.9, members: [] },
    suggested: [], paper: null, thinker: null,
  };
}

// The framework's neighbourhood as the source entry shows it (a small real fixture).
const framework = page(
  "framework:amf",
  [
    group("paper", [member("paper:induction-heads", [["extends", false]], 18), member("paper:solu", [["extends", false]], 14)]),
    group("method", [member("method:lwa", [["extends", false]]), member("method:path-decomposition", [["introduces", true]])]),
    group("concept", [member("concept:residual-stream", [["implements", true]], 11), member("concept:path-expansion-trick", [["implements", true]]),
      member("concept:graph-convolution", [["mentions", true]], 1), member("concept:tensor-notation", [["introduces", true]])]),
    group("framework", [member("framework:distill-circuits", [["extends", true]], 9)]),
  ],
  [similar("paper:amf", 0.934), similar("framework:circuits", 0.862), similar("concept:floater", 0.731)],
);

describe("buildNeighbourhoodGraph", () => {
  it("puts the entity in the centre with every typed and similar neighbour, coloured and sized", () => {
    const g = buildNeighbourhoodGraph(framework);
    expect(g.order).toBe(1 + 9 + 3);
    expect(g.getNodeAttributes("framework:amf")).toMatchObject({ center: true, x: 0, y: 0, hop: 0 });
    expect(g.getNodeAttribute("concept:residual-stream", "color")).toBe(kindColor("concept"));
    expect(g.getNodeAttribute("paper:induction-heads", "size")).toBeGreaterThan(g.getNodeAttribute("concept:graph-convolution", "size"));
    expect(g.size).toBe(9 + 3);
  });

  it("draws typed edges as arrows in their direction and similarity edges curved with the score", () => {
    const g = buildNeighbourhoodGraph(framework);
    const lwa = g.outEdges("method:lwa").filter((e) => g.target(e) === "framework:amf");
    expect(lwa).toHaveLength(1);
    expect(g.getEdgeAttributes(lwa[0]!)).toMatchObject({ category: "typed", relation: "extends", type: "arrow", label: "extends" });
    expect(g.outEdges("framework:amf").filter((e) => g.target(e) === "concept:residual-stream")).toHaveLength(1);
    const floater = g.edges().filter((e) => g.extremities(e).includes("concept:floater"));
    expect(g.getEdgeAttributes(floater[0]!)).toMatchObject({ category: "similarity", type: "dashedCurve", label: "0.731", score: 0.731 });
  });

  it("keeps parallel edges distinguishable (two relations, or a relation plus similarity)", () => {
    const p = page("method:x", [group("method", [member("method:a", [["uses", true], ["extends", false]])])], [similar("method:a", 0.9)]);
    const g = buildNeighbourhoodGraph(p);
    const all = g.edges().filter((e) => g.extremities(e).includes("method:a"));
    expect(all).toHaveLength(3);
    const shapes = all.map((e) => {
      const a = g.getEdgeAttributes(e);
      // Curvature as seen from method:x → method:a, so opposite directions compare fairly.
      return `${a.type}:${g.source(e) === "method:x" ? a.curvature : -a.curvature}`;
    });
    expect(new Set(shapes).size).toBe(3);
    expect(all.every((e) => g.getEdgeAttribute(e, "type") !== "arrow")).toBe(true);
  });

  it("caps the neighbours drawn", () => {
    const many = page("concept:hub", [group("concept", Array.from({ length: 30 }, (_, i) => member(`concept:n${i}`, [["related_to", true]])), 10_000)]);
    const g = buildNeighbourhoodGraph(many, { cap: 12 });
    expect(g.order).toBe(13);
  });
});

describe("expandNode / undoExpansion", () => {
  it("adds a second hop with a cap and +N more, and undo restores the graph", () => {
    const g = buildNeighbourhoodGraph(framework);
    const before = { order: g.order, size: g.size, nodes: g.nodes().sort() };
    const lwaPage = page(
      "method:lwa",
      [group("framework", [member("framework:amf", [["extends", true]])]), group("concept", [member("concept:anomalous-tokens", [["associated_with", true]])]),
        group("claim", Array.from({ length: 20 }, (_, i) => member(`claim:c${i}`, [["about", false]])), 40)],
    );
    const exp = expandNode(g, lwaPage, 6);
    expect(exp.addedNodes).toBe(5); // amf is already there; 6 drawn in all
    expect(exp.more).toBe(1 + 1 + 40 - 6);
    expect(g.getNodeAttributes("concept:anomalous-tokens")).toMatchObject({ hop: 2, expandedFrom: "method:lwa" });
    expect(g.outEdges("method:lwa").filter((e) => g.target(e) === "framework:amf")).toHaveLength(1); // not duplicated
    undoExpansion(g, "method:lwa");
    expect({ order: g.order, size: g.size, nodes: g.nodes().sort() }).toEqual(before);
  });

  it("refuses to expand a node that is not drawn", () => {
    expect(() => expandNode(buildNeighbourhoodGraph(framework), page("concept:elsewhere", []))).toThrow(/not in the graph/);
  });
});
