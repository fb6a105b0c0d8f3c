// The pure parts of duplicate merging: which pairs may merge, the survivor's
// aliases, how the loser's edges move (no self-loops, no duplicates), the
// typed snapshot values, the fingerprint, and re-ingest's row mapping.
import neo4j from "neo4j-driver";
import { describe, expect, it } from "vitest";
import {
  compatibleKinds, describeChange, fingerprint, mergedAliases, mergeRefusal, planSimilarityEdges, planTypedEdges,
  type CuratedState, type MergeSide, type SnapshotEdge,
} from "../../lib/duplicates/plan";
import { finalTarget } from "../../lib/duplicates/redirects";
import { fromTyped, parseType, toTypedProps } from "../../lib/duplicates/snapshot";
import { describeRemap, remapRows } from "../../lib/ingest/remap";

const side = (id: string, over: Partial<MergeSide> = {}): MergeSide => ({
  id, kind: id.split(":")[0] as string, name: id, aliases: [], status: "active", mergedInto: null, ...over,
});
const edge = (type: string, source: string, target: string, note?: string): SnapshotEdge => ({
  type, source, target, props: note ? { note: { t: "STRING NOT NULL", v: note } } : {},
});

describe("mergeRefusal", () => {
  const s = side("concept:transformer", { name: "Transformer" });
  const l = side("concept:transformer-architecture", { name: "Transformer Architecture" });

  it("allows a fresh pair of one kind, and a paper with a framework", () => {
    expect(mergeRefusal(s, l, null)).toBeNull();
    expect(compatibleKinds("paper", "framework")).toBe(true);
    expect(compatibleKinds("concept", "thinker")).toBe(false);
  });

  it("refuses redirects, other kinds, pairs recorded as different or dismissed, and saying why", () => {
    expect(mergeRefusal(s, s, null)).toMatch(/itself/);
    expect(mergeRefusal(s, { ...l, status: "merged", mergedInto: "concept:x" }, null)).toMatch(/already merged into concept:x/);
    expect(mergeRefusal(s, side("thinker:chris-olah"), null)).toMatch(/A thinker cannot be merged into a concept/);
    const decided = { sameness: "different", state: null, by: "bob", at: "2026-01-01" };
    expect(mergeRefusal(s, l, decided)).toMatch(/not the same by bob at 2026-01-01/);
    expect(mergeRefusal(s, l, { ...decided, sameness: null, state: "dismissed" })).toMatch(/dismissed as not related/);
    expect(mergeRefusal(s, l, { ...decided, sameness: null, state: "duplicate-suspected" })).toBeNull();
  });
});

describe("mergedAliases", () => {
  it("adds the loser's name and aliases once, never the survivor's own name, keeping the survivor's order", () => {
    const out = mergedAliases(
      { name: "Transformer", aliases: ["transformer model", "TF"] },
      { name: "Transformer Architecture", aliases: ["transformer", "tf", " attention net ", "Transformer architecture"] },
    );
    expect(out).toEqual(["transformer model", "TF", "Transformer Architecture", "attention net"]);
  });
});

describe("planTypedEdges", () => {
  const S = "concept:s";
  const L = "concept:l";

  it("re-points every edge with type, direction and properties; drops self-loops and duplicates", () => {
    const loser = [
      edge("USES", L, "concept:x", "kept note"),
      edge("MENTIONS", "paper:p", L),
      edge("MENTIONS", "paper:q", L, "dup"),
      edge("RELATED_TO", L, S),
      edge("RELATED_TO", "concept:y", L),
    ];
    const plan = planTypedEdges(S, L, loser, [{ type: "MENTIONS", source: "paper:q", target: S }, { type: "RELATED_TO", source: S, target: "concept:y" }]);
    expect(plan.repointed.map((r) => [r.to.type, r.to.source, r.to.target])).toEqual([
      ["MENTIONS", "paper:p", S],
      ["RELATED_TO", "concept:y", S], // the reverse of an existing edge is another edge
      ["USES", S, "concept:x"],
    ]);
    expect(plan.repointed.find((r) => r.to.type === "USES")?.to.props).toEqual({ note: { t: "STRING NOT NULL", v: "kept note" } });
    expect(plan.dropped.map((d) => [d.reason, d.edge.source, d.edge.target])).toEqual([
      ["duplicate", "paper:q", L],
      ["self-loop", L, S],
    ]);
  });

  it("keeps provided similarity edges on the survivor and drops computed ones and the pair's own", () => {
    const computed = { ...edge("SIMILAR_TO", "concept:a", L), props: { computedAt: { t: "ZONED DATETIME NOT NULL", v: "2026-01-01T00:00:00Z" } } };
    const plan = planSimilarityEdges(S, L, [edge("SIMILAR_TO", L, "concept:z"), edge("SIMILAR_TO", "concept:a", L), computed, edge("SIMILAR_TO", L, S), edge("SIMILAR_TO", "concept:b", L)], ["concept:b"]);
    expect(plan.moved.map((m) => [m.to.source, m.to.target])).toEqual([["concept:a", S], [S, "concept:z"]]);
    expect(plan.removed).toHaveLength(3);
  });
});

describe("typed snapshot values", () => {
  it("reads Cypher types and gives back driver values of the same type", () => {
    expect(parseType("LIST<FLOAT NOT NULL> NOT NULL")).toEqual({ list: true, base: "FLOAT" });
    const year = fromTyped({ t: "INTEGER NOT NULL", v: 2021 });
    expect(neo4j.isInt(year)).toBe(true);
    const at = fromTyped({ t: "ZONED DATETIME NOT NULL", v: "2024-05-01T10:00:00.500000000+02:00[Europe/Paris]" }) as InstanceType<typeof neo4j.types.DateTime>;
    expect(neo4j.isDateTime(at)).toBe(true);
    expect([Number(at.nanosecond), at.timeZoneId]).toEqual([500_000_000, "Europe/Paris"]);
    const utc = fromTyped({ t: "ZONED DATETIME NOT NULL", v: "2026-11-22T07:37:51.908000000Z" }) as InstanceType<typeof neo4j.types.DateTime>;
    expect(Number(utc.timeZoneOffsetSeconds)).toBe(0);
    expect(fromTyped({ t: "LIST<STRING NOT NULL> NOT NULL", v: ["a"] })).toEqual(["a"]);
    const { props, unsupported } = toTypedProps([{ k: "big", v: 2n ** 60n, t: "INTEGER NOT NULL" }, { k: "p", v: "x", t: "POINT NOT NULL" }]);
    expect(props.big?.v).toBe(String(2n ** 60n));
    expect(unsupported).toEqual(["p (POINT NOT NULL)"]);
  });
});

describe("fingerprint", () => {
  const state = (over: Partial<CuratedState> = {}): CuratedState => ({
    id: "concept:s",
    props: { name: { t: "STRING NOT NULL", v: "S" }, embedding: { t: "LIST<FLOAT NOT NULL> NOT NULL", v: [0.1] } },
    edges: [{ type: "USES", source: "concept:s", target: "concept:x", props: {} }],
    ...over,
  });
  const loser = state({ id: "concept:l", edges: [] });

  it("ignores derived similarity and community fields, and notices curated changes", () => {
    const base = fingerprint(state(), loser);
    expect(fingerprint(state({ props: { ...state().props, embedding: { t: "LIST<FLOAT NOT NULL> NOT NULL", v: [0.9] }, community: { t: "INTEGER NOT NULL", v: 3 } } }), loser)).toBe(base);
    const renamed = state({ props: { ...state().props, name: { t: "STRING NOT NULL", v: "S2" } } });
    expect(fingerprint(renamed, loser)).not.toBe(base);
    const linked = state({ edges: [...state().edges, { type: "CITES", source: "paper:p", target: "concept:s", props: {} }] });
    expect(fingerprint(linked, loser)).not.toBe(base);
    expect(describeChange(state(), renamed)).toBe("name changed");
    expect(describeChange(state(), linked)).toBe("1 typed edge added or changed");
    expect(describeChange(state(), state())).toBeNull();
  });
});

describe("re-ingest mapping", () => {
  const redirect = (id: string, to: string, curated = true) => ({ id, to, curated, name: `Name of ${id}`, aliases: ["old alias"], at: "2026-01-01T00:00:00Z" });

  it("follows chains and stops on cycles", () => {
    const next = new Map([["a", "b"], ["b", "c"], ["x", "y"], ["y", "x"]]);
    expect(finalTarget("a", (i) => next.get(i))).toBe("c");
    expect(finalTarget("c", (i) => next.get(i))).toBeNull();
    expect(finalTarget("x", (i) => next.get(i))).toBeNull();
  });

  it("skips merged entity rows, moves edges and similarity to the survivor, drops self-loops and repeats", () => {
    const out = remapRows(
      {
        entities: [
          { id: "concept:l", kind: "concept", name: "L" },
          { id: "concept:s", kind: "concept", name: "S" },
          { id: "concept:old", kind: "concept", name: "Old", status: "merged", mergedInto: "concept:s" },
        ],
        edges: [
          { source: "concept:s", relation: "uses", target: "concept:x", note: "survivor's own" },
          { source: "concept:l", relation: "uses", target: "concept:x", note: "repeat" },
          { source: "concept:l", relation: "related_to", target: "concept:s" },
          { source: "concept:y", relation: "cites", target: "concept:old" },
        ],
        similarities: [{ a: "concept:l", b: "concept:z", score: 0.8 }, { a: "concept:l", b: "concept:s", score: 0.9 }],
      },
      [redirect("concept:l", "concept:s")],
    );
    expect(out.entities.map((e) => e.id)).toEqual(["concept:s", "concept:old"]);
    expect(out.edges).toEqual([
      { source: "concept:s", relation: "uses", target: "concept:x", note: "survivor's own" },
      { source: "concept:y", relation: "cites", target: "concept:s" },
    ]);
    expect(out.similarities).toEqual([{ a: "concept:s", b: "concept:z", score: 0.8 }]);
    expect(out.extraAliases.get("concept:s")).toEqual(["Name of concept:l", "old alias"]);
    expect(out.report).toEqual({ skippedEntities: 1, mappedEdges: 3, mappedSimilarities: 2, droppedEdges: 2, droppedSimilarities: 1 });
    expect(describeRemap(out.report)).toBe(
      "6 rows named merged entities and were mapped to their survivors (1 entity row skipped: a merged entity stays a redirect; 3 dropped as self-loops or repeats).",
    );
  });

  it("leaves input without redirects untouched", () => {
    const input = { entities: [{ id: "concept:a", kind: "concept", name: "A" }], edges: [], similarities: [] };
    const out = remapRows(input, []);
    expect(out.entities).toBe(input.entities);
    expect(describeRemap(out.report)).toBeNull();
  });
});
