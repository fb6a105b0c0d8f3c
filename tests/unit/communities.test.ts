import { describe, expect, it } from "vitest";
import { detectCommunities, MIN_SPLIT_SIZE } from "../../lib/communities/detect";

function clique(prefix: string, n: number): { nodes: string[]; edges: [string, string][] } {
  const nodes = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const edges: [string, string][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([nodes[i]!, nodes[j]!]);
  return { nodes, edges };
}

describe("detectCommunities", () => {
  it("finds two dense groups joined by one edge, numbered by size, deterministically", () => {
    const a = clique("a", 6);
    const b = clique("b", 4);
    const nodes = [...a.nodes, ...b.nodes, "lonely"];
    const edges: [string, string][] = [...a.edges, ...b.edges, ["a0", "b0"]];
    const r = detectCommunities(nodes, edges);
    expect(r.members.map((m) => m.length)).toEqual([6, 4, 1]);
    expect(new Set(a.nodes.map((n) => r.community.get(n)))).toEqual(new Set([0]));
    expect(new Set(b.nodes.map((n) => r.community.get(n)))).toEqual(new Set([1]));
    expect(r.community.get("lonely")).toBe(2);
    expect(detectCommunities(nodes, edges)).toEqual(r);
  });

  it("splits large communities into sub-communities", () => {
    const a = clique("x", MIN_SPLIT_SIZE);
    const b = clique("y", MIN_SPLIT_SIZE);
    // Two cliques joined densely enough to be one community, but still two sub-communities.
    const bridge: [string, string][] = Array.from({ length: 30 }, (_, i) => [`x${i % MIN_SPLIT_SIZE}`, `y${(i * 7) % MIN_SPLIT_SIZE}`]);
    const r = detectCommunities([...a.nodes, ...b.nodes], [...a.edges, ...b.edges, ...bridge]);
    for (const [node, c] of r.community) expect(r.sub.get(node)?.startsWith(`${c}.`)).toBe(true);
    expect(new Set(r.sub.values()).size).toBeGreaterThanOrEqual(2);
  });
});
