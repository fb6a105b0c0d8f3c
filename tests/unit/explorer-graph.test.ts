import { describe, expect, it } from "vitest";
import Graph from "graphology";
import { parse as parseGexf, write as writeGexf } from "graphology-gexf";
import { parse as parseGraphML } from "graphology-graphml";
import type { ExplorerData } from "../../lib/graph/explorer";
import { buildExplorerGraph, positionsOf, seededPosition, toGraphML } from "../../lib/graph/explorer-graph";

const data: ExplorerData = {
  nodes: [
    { id: "paper:p", name: "P & <Q>", kind: "paper", degree: 3 },
    { id: "concept:c", name: "C", kind: "concept", degree: 2 },
    { id: "method:m", name: "M", kind: "method", degree: 1 },
  ],
  edges: [
    { source: "paper:p", target: "concept:c", relation: "introduces", score: null },
    { source: "method:m", target: "paper:p", relation: "extends", score: null },
    { source: "concept:c", target: "paper:p", relation: null, score: 0.77 },
    { source: "concept:c", target: "paper:gone", relation: "uses", score: null },
  ],
  truncated: false,
  filters: { similarity: true, minScore: 0.65, minDegree: 0, depth: 1, limit: 100, kinds: undefined, relations: undefined, ego: undefined },
};

describe("explorer graph", () => {
  it("builds nodes and edges (dropping edges to nodes outside the view), typed and similarity apart", () => {
    const g = buildExplorerGraph(data);
    expect(g.order).toBe(3);
    expect(g.size).toBe(3);
    expect(g.getEdgeAttributes("concept:c|similar|paper:p")).toMatchObject({ category: "similarity", label: "0.770" });
    expect(g.getEdgeAttributes("paper:p|introduces|concept:c")).toMatchObject({ category: "typed", type: "arrow" });
  });

  it("places nodes where an earlier layout left them, deterministically otherwise", () => {
    expect(seededPosition("paper:p")).toEqual(seededPosition("paper:p"));
    expect(seededPosition("paper:p")).not.toEqual(seededPosition("concept:c"));
    const g = buildExplorerGraph(data, { "paper:p": [5, -7] });
    expect(g.getNodeAttributes("paper:p")).toMatchObject({ x: 5, y: -7 });
    expect(positionsOf(g)["paper:p"]).toEqual([5, -7]);
  });

  it("exports GEXF and GraphML that parse back to the same graph", () => {
    const g = buildExplorerGraph(data);
    const fromGexf = parseGexf(Graph, writeGexf(g));
    expect([fromGexf.order, fromGexf.size]).toEqual([3, 3]);
    const xml = toGraphML(g);
    const fromGraphML = parseGraphML(Graph, xml);
    expect([fromGraphML.order, fromGraphML.size]).toEqual([3, 3]);
    expect(fromGraphML.getNodeAttribute("paper:p", "label")).toBe("P & <Q>");
  });
});
