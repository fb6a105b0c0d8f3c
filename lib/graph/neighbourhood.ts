// Builds the graphology graph of an entity's neighbourhood from the same data
// the entity page shows, so the picture and the lists always agree. Pure and
// typed: the sigma component only renders what this returns.
import { MultiDirectedGraph } from "graphology";
import type { EntityPage, EntityRef } from "../entities/types";
import { pairKey } from "../similarity/plan";

/** Just what the picture needs from an entity page (small enough to send to the browser). */
export interface GraphInput {
  entity: EntityRef & { edges: number };
  members: (EntityRef & { degree: number; relations: { relation: string; outgoing: boolean }[] })[];
  similar: (EntityRef & { score: number })[];
  /** Neighbours the page knows of in all (typed totals plus similarity total). */
  available: number;
}

/** The graph input of an entity page: its first-page members and similarity partners, up to `cap`. */
export function graphInput(page: EntityPage, cap = 60): GraphInput {
  const ref = (e: EntityRef): EntityRef => ({ id: e.id, kind: e.kind, name: e.name });
  const members = page.groups.flatMap((g) => g.members).slice(0, cap);
  return {
    entity: { ...ref(page.entity), edges: page.entity.edges },
    members: members.map((m) => ({ ...ref(m), degree: m.degree, relations: m.relations.map((r) => ({ relation: r.relation, outgoing: r.outgoing })) })),
    similar: page.similar.members.slice(0, Math.max(0, cap - members.length)).map((m) => ({ ...ref(m), score: m.score })),
    available: page.groups.reduce((sum, g) => sum + g.total, 0) + page.similar.total,
  };
}

export interface NodeAttributes {
  label: string;
  kind: string;
  color: string;
  size: number;
  x: number;
  y: number;
  /** The entity's own typed edge count (unknown for similarity-only members: 0). */
  edges: number;
  center: boolean;
  /** Ring the node was added in: 0 centre, 1 first hop, 2 an expansion. */
  hop: number;
  /** Which expansion added it (for undo); null for the initial graph. */
  expandedFrom: string | null;
}

export interface EdgeAttributes {
  category: "typed" | "similarity";
  relation: string | null;
  label: string;
  color: string;
  size: number;
  /** sigma edge program: typed edges straight or curved with an arrow; similarity edges dashed and curved. */
  type: "arrow" | "curvedArrow" | "dashedCurve";
  curvature: number;
  score: number | null;
  expandedFrom: string | null;
}

export type NeighbourhoodGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export const KIND_COLORS: Record<string, string> = {
  paper: "#2f5bd3",
  thinker: "#8e44ad",
  framework: "#c0392b",
  method: "#d35400",
  concept: "#16a085",
  claim: "#b7950b",
  finding: "#7d6608",
  hypothesis: "#ad1457",
  question: "#5d6d7e",
  artifact: "#6e2c00",
  dataset: "#1e8449",
  event: "#34495e",
};
export const FALLBACK_COLOR = "#7f8c8d";
export const TYPED_EDGE_COLOR = "#5b6477";
export const SIMILARITY_EDGE_COLOR = "#b9c0cf";

export const kindColor = (kind: string) => KIND_COLORS[kind] ?? FALLBACK_COLOR;
export const nodeSize = (edges: number, center = false) => (center ? 14 : 4 + 2.2 * Math.log2(1 + edges));

function addNode(graph: NeighbourhoodGraph, ref: EntityRef, edges: number, hop: number, expandedFrom: string | null, x: number, y: number) {
  if (graph.hasNode(ref.id)) return false;
  graph.addNode(ref.id, {
    label: ref.name,
    kind: ref.kind,
    color: kindColor(ref.kind),
    size: nodeSize(edges, hop === 0),
    x,
    y,
    edges,
    center: hop === 0,
    hop,
    expandedFrom,
  });
  return true;
}

/** Gives parallel edges between one pair distinct curvatures so they never overlap. */
export function separateParallelEdges(graph: NeighbourhoodGraph): void {
  const pairs = new Map<string, string[]>();
  graph.forEachEdge((edge, _attrs, source, target) => {
    const key = pairKey(source, target);
    pairs.set(key, [...(pairs.get(key) ?? []), edge]);
  });
  for (const parallel of pairs.values()) {
    // Curvature is measured from the smaller id to the larger, whatever each edge's direction.
    const low = [graph.source(parallel[0] as string), graph.target(parallel[0] as string)].sort()[0];
    parallel.forEach((edge, i) => {
      const attrs = graph.getEdgeAttributes(edge);
      const typed = attrs.category === "typed";
      if (parallel.length === 1 && typed) {
        graph.mergeEdgeAttributes(edge, { type: "arrow", curvature: 0 });
        return;
      }
      // Similarity edges are always curved (they read as "softer"); parallels fan out on both sides.
      const step = 0.25 * (Math.floor(i / 2) + 1) * (i % 2 === 0 ? 1 : -1);
      const curvature = graph.source(edge) === low ? step : -step;
      graph.mergeEdgeAttributes(edge, { type: typed ? "curvedArrow" : "dashedCurve", curvature });
    });
  }
}

function ringPosition(index: number, count: number, radius: number, cx = 0, cy = 0, phase = 0) {
  const angle = phase + (2 * Math.PI * index) / Math.max(count, 1);
  return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
}

/** Adds the typed members, similarity members and their edges of `page` around `centerId`. */
function addPage(graph: NeighbourhoodGraph, input: GraphInput, hop: number, expandedFrom: string | null, cap: number) {
  const center = input.entity.id;
  const { x: cx, y: cy } = graph.getNodeAttributes(center);
  const shown = input.members.slice(0, cap);
  const similar = input.similar.slice(0, Math.max(0, cap - shown.length));
  const total = shown.length + similar.length;
  const radius = hop === 1 ? 10 : 4;
  const phase = hop === 1 ? 0 : Math.atan2(cy, cx) - Math.PI / 2;
  let i = 0;
  let addedNodes = 0;
  let addedEdges = 0;
  for (const m of shown) {
    const p = ringPosition(i++, total, radius, cx, cy, phase);
    if (addNode(graph, m, m.degree, hop, expandedFrom, p.x, p.y)) addedNodes++;
    for (const r of m.relations) {
      const [source, target] = r.outgoing ? [center, m.id] : [m.id, center];
      const key = `${source}|${r.relation}|${target}`;
      if (graph.hasEdge(key)) continue;
      graph.addDirectedEdgeWithKey(key, source, target, {
        category: "typed",
        relation: r.relation,
        label: r.relation.replace(/_/g, " "),
        color: TYPED_EDGE_COLOR,
        size: 1.6,
        type: "arrow",
        curvature: 0,
        score: null,
        expandedFrom,
      });
      addedEdges++;
    }
  }
  for (const s of similar) {
    const p = ringPosition(i++, total, radius * 1.3, cx, cy, phase);
    if (addNode(graph, s, 0, hop, expandedFrom, p.x, p.y)) addedNodes++;
    const [a, b] = center < s.id ? [center, s.id] : [s.id, center];
    const key = `${a}|similar|${b}`;
    if (graph.hasEdge(key)) continue;
    graph.addDirectedEdgeWithKey(key, a, b, {
      category: "similarity",
      relation: null,
      label: s.score.toFixed(3),
      color: SIMILARITY_EDGE_COLOR,
      size: 1,
      type: "dashedCurve",
      curvature: 0.25,
      score: s.score,
      expandedFrom,
    });
    addedEdges++;
  }
  return { addedNodes, addedEdges, more: Math.max(0, input.available - total) };
}

export interface BuildOptions {
  /** Most neighbours drawn around the centre (typed first, then similar). */
  cap?: number;
}

/** The first-hop neighbourhood graph of an entity page. */
export function buildNeighbourhoodGraph(input: GraphInput, opts: BuildOptions = {}): NeighbourhoodGraph {
  const graph: NeighbourhoodGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  addNode(graph, input.entity, input.entity.edges, 0, null, 0, 0);
  addPage(graph, input, 1, null, opts.cap ?? 60);
  separateParallelEdges(graph);
  return graph;
}

export interface Expansion {
  node: string;
  addedNodes: number;
  addedEdges: number;
  /** Neighbours not drawn because of the cap ("+N more"). */
  more: number;
}

/** Adds a node's neighbourhood around it (a second hop), at most `cap` neighbours. */
export function expandNode(graph: NeighbourhoodGraph, input: GraphInput, cap = 15): Expansion {
  const node = input.entity.id;
  if (!graph.hasNode(node)) throw new Error(`Cannot expand ${node}: it is not in the graph`);
  const result = addPage(graph, input, 2, node, cap);
  separateParallelEdges(graph);
  return { node, ...result };
}

/** Removes what an expansion added (nodes and edges tagged with it). */
export function undoExpansion(graph: NeighbourhoodGraph, node: string): void {
  graph.filterEdges((_e, attrs) => attrs.expandedFrom === node).forEach((e) => graph.dropEdge(e));
  graph.filterNodes((_n, attrs) => attrs.expandedFrom === node).forEach((n) => graph.dropNode(n));
  separateParallelEdges(graph);
}
