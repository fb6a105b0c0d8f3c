// Builds the explorer's graphology graph from the explorer data, with
// positions from an earlier layout where known (so a second visit opens laid
// out) and deterministic ones otherwise. Also the exports: GEXF through
// graphology-gexf, GraphML through a small writer (graphology-graphml only parses).
import { MultiDirectedGraph } from "graphology";
import type { ExplorerData } from "./explorer";
import { kindColor, nodeSize, SIMILARITY_EDGE_COLOR, TYPED_EDGE_COLOR } from "./neighbourhood";

export interface ExplorerNodeAttributes {
  label: string;
  kind: string;
  degree: number;
  color: string;
  size: number;
  x: number;
  y: number;
}

export interface ExplorerEdgeAttributes {
  category: "typed" | "similarity";
  relation: string | null;
  score: number | null;
  label: string;
  color: string;
  size: number;
  type: "arrow" | "line";
}

export type ExplorerGraph = MultiDirectedGraph<ExplorerNodeAttributes, ExplorerEdgeAttributes>;
export type Positions = Record<string, [number, number]>;

/** A stable pseudo-random position in [-100, 100]² from a node id (FNV-1a). */
export function seededPosition(id: string): [number, number] {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const a = (h & 0xffff) / 0xffff;
  const b = (h >>> 16) / 0xffff;
  return [a * 200 - 100, b * 200 - 100];
}

export function buildExplorerGraph(data: ExplorerData, positions: Positions = {}): ExplorerGraph {
  const graph: ExplorerGraph = new MultiDirectedGraph<ExplorerNodeAttributes, ExplorerEdgeAttributes>();
  for (const n of data.nodes) {
    const [x, y] = positions[n.id] ?? seededPosition(n.id);
    graph.addNode(n.id, { label: n.name, kind: n.kind, degree: n.degree, color: kindColor(n.kind), size: Math.min(nodeSize(n.degree), 18), x, y });
  }
  for (const e of data.edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    const typed = e.relation !== null;
    graph.addDirectedEdgeWithKey(`${e.source}|${e.relation ?? "similar"}|${e.target}`, e.source, e.target, {
      category: typed ? "typed" : "similarity",
      relation: e.relation,
      score: e.score,
      label: typed ? (e.relation as string).replace(/_/g, " ") : (e.score ?? 0).toFixed(3),
      color: typed ? TYPED_EDGE_COLOR : SIMILARITY_EDGE_COLOR,
      size: typed ? 1 : 0.6,
      type: typed ? "arrow" : "line",
    });
  }
  return graph;
}

/** Current positions of every node (to keep a layout for the next visit). */
export function positionsOf(graph: ExplorerGraph): Positions {
  const out: Positions = {};
  graph.forEachNode((n, a) => {
    out[n] = [Math.round(a.x * 100) / 100, Math.round(a.y * 100) / 100];
  });
  return out;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** GraphML with the node and edge attributes Gephi reads (label, kind, degree, x, y; relation, score). */
export function toGraphML(graph: ExplorerGraph): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="degree" for="node" attr.name="degree" attr.type="int"/>',
    '  <key id="x" for="node" attr.name="x" attr.type="double"/>',
    '  <key id="y" for="node" attr.name="y" attr.type="double"/>',
    '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
    '  <key id="score" for="edge" attr.name="score" attr.type="double"/>',
    '  <graph id="interp-atlas" edgedefault="directed">',
  ];
  graph.forEachNode((n, a) => {
    lines.push(
      `    <node id="${xml(n)}"><data key="label">${xml(a.label)}</data><data key="kind">${xml(a.kind)}</data>` +
        `<data key="degree">${a.degree}</data><data key="x">${a.x}</data><data key="y">${a.y}</data></node>`,
    );
  });
  graph.forEachEdge((e, a, s, t) => {
    const data = a.relation !== null ? `<data key="relation">${xml(a.relation)}</data>` : `<data key="score">${a.score ?? 0}</data>`;
    lines.push(`    <edge id="${xml(e)}" source="${xml(s)}" target="${xml(t)}">${data}</edge>`);
  });
  lines.push("  </graph>", "</graphml>");
  return `${lines.join("\n")}\n`;
}
