// Community detection over the typed graph (pure): Louvain from graphology's
// library with a seeded random source, so the same graph always gets the same
// communities. Communities are numbered by size (0 is the largest); each large
// community is split again into sub-communities ("3.1", "3.2", …).
import Graph from "graphology";
import louvain from "graphology-communities-louvain";
import { subgraph } from "graphology-operators";
import { mulberry32 } from "../ingest/generate";

export interface CommunityResult {
  /** Entity id → community number (0 = largest). */
  community: Map<string, number>;
  /** Entity id → sub-community ("<community>.<n>"). */
  sub: Map<string, string>;
  /** Community number → members, largest community first. */
  members: string[][];
}

export const MIN_SPLIT_SIZE = 12;

function partition(graph: Graph, seed: number, resolution: number): string[][] {
  const assignment = graph.size > 0 ? louvain(graph, { rng: mulberry32(seed), resolution, getEdgeWeight: null }) : {};
  const groups = new Map<string, string[]>();
  graph.forEachNode((n) => {
    const key = graph.size > 0 ? String(assignment[n]) : n;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  });
  // Largest first; ties by their smallest member so numbering is stable.
  return [...groups.values()]
    .map((m) => m.sort())
    .sort((a, b) => b.length - a.length || ((a[0] as string) < (b[0] as string) ? -1 : 1));
}

export function detectCommunities(nodes: string[], edges: [string, string][], seed = 42): CommunityResult {
  const graph = new Graph({ type: "undirected", multi: false });
  for (const n of nodes) graph.mergeNode(n);
  for (const [a, b] of edges) if (a !== b && graph.hasNode(a) && graph.hasNode(b)) graph.mergeEdge(a, b);
  const members = partition(graph, seed, 1);
  const community = new Map<string, number>();
  const sub = new Map<string, string>();
  members.forEach((group, c) => {
    for (const n of group) community.set(n, c);
    const parts = group.length >= MIN_SPLIT_SIZE ? partition(subgraph(graph, group), seed + c, 1.5) : [group];
    parts.forEach((part, s) => {
      for (const n of part) sub.set(n, `${c}.${s}`);
    });
  });
  return { community, sub, members };
}
