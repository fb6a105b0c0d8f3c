import { describe, expect, it } from "vitest";
import { generateEdges, generateEntities, generateSimilarities, syntheticKinds, type GenerateOptions } from "../../lib/ingest/generate";
import { EdgeRowSchema, EntityRowSchema, SimilarityRowSchema } from "../../lib/ingest/rows";

const opts: GenerateOptions = { entities: 3000, edges: 15000, similarities: 1500, seed: 7, supernodes: 2, supernodeDegree: 1200 };

function all(o: GenerateOptions) {
  const kinds = syntheticKinds(o);
  return { entities: [...generateEntities(o, kinds)], edges: [...generateEdges(o, kinds)], sims: [...generateSimilarities(o, kinds)] };
}

describe("synthetic generator", () => {
  it("is deterministic for a seed and different for another", () => {
    const a = all(opts);
    expect(all(opts)).toEqual(a);
    expect(all({ ...opts, seed: 8 }).edges.slice(0, 50)).not.toEqual(a.edges.slice(0, 50));
  });

  it("writes valid rows with the requested counts, unique ids, edges and pairs", () => {
    const { entities, edges, sims } = all(opts);
    expect(entities).toHaveLength(3000);
    expect(edges).toHaveLength(15000);
    expect(sims).toHaveLength(1500);
    for (const e of entities) expect(EntityRowSchema.safeParse(e).success).toBe(true);
    for (const e of edges.slice(0, 2000)) expect(EdgeRowSchema.safeParse(e).success).toBe(true);
    for (const s of sims.slice(0, 500)) expect(SimilarityRowSchema.safeParse(s).success).toBe(true);
    expect(new Set(entities.map((e) => e.id)).size).toBe(3000);
    expect(new Set(edges.map((e) => `${e.source}|${e.relation}|${e.target}`)).size).toBe(15000);
    expect(edges.every((e) => e.source !== e.target)).toBe(true);
    expect(new Set(sims.map((s) => [s.a, s.b].sort().join("|"))).size).toBe(1500);
  });

  it("has skewed degrees: supernodes with the requested distinct neighbours", () => {
    const { edges } = all(opts);
    const neighbours = new Map<string, Set<string>>();
    for (const e of edges) {
      for (const [x, y] of [[e.source, e.target], [e.target, e.source]] as const) {
        const set = neighbours.get(x) ?? new Set<string>();
        set.add(y);
        neighbours.set(x, set);
      }
    }
    const degrees = [...neighbours.values()].map((s) => s.size).sort((a, b) => b - a);
    expect(degrees[0]).toBeGreaterThanOrEqual(1200);
    expect(degrees[1]).toBeGreaterThanOrEqual(1200);
    const median = degrees[Math.floor(degrees.length / 2)] as number;
    expect(median).toBeLessThan(20);
  });
});
