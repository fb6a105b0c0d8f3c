// Duplicate scoring, blocking and output, on real names from data/ and the
// fixture: normalisation, acronyms, look-alikes, kind compatibility, the
// combined score, the explanation, and blocking that skips common words.
import { describe, expect, it } from "vitest";
import { acronymInitials, blockKeys, blockPairs } from "../../lib/duplicates/blocking";
import { duplicateGroups, judge, readDuplicateFixture } from "../../lib/duplicates/fixture";
import { csvField } from "../../lib/kernel/csv";
import { toCsv } from "../../lib/duplicates/format";
import {
  abbreviates,
  acronymOf,
  duplicateScore,
  explain,
  kindsCompatible,
  nameSimilarity,
  nameVariants,
  normaliseName,
  rawWords,
  stem,
  type PairEvidence,
} from "../../lib/duplicates/score";
import type { DuplicateCandidate } from "../../lib/duplicates/types";

const names = (a: string, aAliases: string[], b: string, bAliases: string[] = []) =>
  nameSimilarity(nameVariants(a, aAliases), nameVariants(b, bAliases));

const evidence = (over: Partial<PairEvidence>): PairEvidence => ({
  kindA: "concept",
  kindB: "concept",
  names: 0,
  cosine: null,
  sharedNeighbours: 0,
  degreeA: 0,
  degreeB: 0,
  yearA: null,
  yearB: null,
  suspected: false,
  ...over,
});

describe("name normalisation", () => {
  it("folds case, punctuation and diacritics, drops stop words and plural endings", () => {
    expect(normaliseName("The Residual Streams")).toEqual(["residual", "stream"]);
    expect(normaliseName("Zoom In: An Introduction to Circuits")).toEqual(["zoom", "introduction", "circuit"]);
    expect(normaliseName("Gödel's Théorème")).toEqual(["godel", "theoreme"]);
    expect(normaliseName("Previous-Token Heads")).toEqual(["previous", "token", "head"]);
    expect(normaliseName("The")).toEqual(["the"]);
  });

  it("stems plural-ish forms to their singular without mangling short words or numbers", () => {
    expect(stem("properties")).toBe("property");
    expect(stem("searches")).toBe("search");
    expect(stem("heads")).toBe("head");
    expect(stem("analysis")).toBe("analysis");
    expect(stem("gas")).toBe("gas");
    expect(stem("1990s")).toBe("1990s");
  });

  it("splits on any punctuation but keeps apostrophes inside words", () => {
    expect(rawWords("Baars' theory of W_OV (A ⊗ W)")).toEqual(["baars", "theory", "of", "w", "ov", "a", "w"]);
  });
});

describe("acronyms", () => {
  it("recognises acronyms and only acronyms", () => {
    expect(acronymOf("SAE")).toBe("sae");
    expect(acronymOf("SAEs")).toBe("sae");
    expect(acronymOf("SoLU")).toBe("solu");
    expect(acronymOf("Transformer")).toBeNull();
    expect(acronymOf("ResNet")).toBeNull();
    expect(acronymOf("sparse autoencoder")).toBeNull();
  });

  it("matches an acronym to the words it abbreviates, compound parts included", () => {
    expect(abbreviates("sae", rawWords("Sparse Autoencoder"))).toBe(true);
    expect(abbreviates("sae", rawWords("sparse auto-encoder"))).toBe(true);
    expect(abbreviates("rome", rawWords("Rank-One Model Editing"))).toBe(true);
    expect(abbreviates("icl", rawWords("In-Context Learning"))).toBe(true);
    expect(abbreviates("mi", rawWords("Mechanistic Interpretability"))).toBe(true);
  });

  it("does not take letters from just anywhere inside a word", () => {
    expect(abbreviates("fred", rawWords("feature dictionary"))).toBe(false);
    expect(abbreviates("clt", rawWords("causal tracing"))).toBe(false);
    expect(abbreviates("dla", rawWords("dictionary learning"))).toBe(false);
    expect(abbreviates("ae", rawWords("Autoencoder"))).toBe(false);
  });

  it("scores an acronym against its expansion nearly as high as the same name", () => {
    expect(names("SAE", [], "Sparse Autoencoder", ["dictionary learning"])).toBeGreaterThanOrEqual(0.9);
    expect(names("ROME", [], "Rank-One Model Editing")).toBeGreaterThanOrEqual(0.9);
    // The expansion in parentheses counts as an alias of the name.
    expect(names("SAE (sparse auto-encoder)", [], "Sparse Autoencoder")).toBeCloseTo(0.95, 10);
  });

  it("lists the initials an acronym may stand for, always from its first letter", () => {
    expect(acronymInitials("sae").sort()).toEqual(["sa", "sae", "se"]);
  });
});

describe("name similarity", () => {
  it("rates identical names after normalisation 1, and generic words as a small difference", () => {
    expect(names("A Mathematical Framework for Transformer Circuits", [], "A Mathematical Framework for Transformer Circuits")).toBe(1);
    expect(names("Nanda, Neel", [], "Neel Nanda")).toBe(1);
    expect(names("Toy Models of Superposition (Elhage et al., 2022)", [], "Toy Models of Superposition")).toBe(1);
    const transformer = names("Transformer", ["transformer model"], "Transformer Architecture");
    expect(transformer).toBeGreaterThanOrEqual(0.8);
    expect(transformer).toBeLessThan(1);
  });

  it("catches spelling variants through character trigrams", () => {
    expect(names("TransformerLens", [], "Transformer Lens")).toBe(1);
    expect(names("Activation Pathcing", [], "Activation Patching")).toBeGreaterThan(0.5);
  });

  it("keeps look-alike names with different meanings apart", () => {
    const framework1984 = names("Framework (Ashton-Tate, 1984)", ["Framework office suite", "FRED (Frame Editor)"], "A Mathematical Framework for Transformer Circuits", ["Transformer Circuits framework", "Framework paper"]);
    expect(framework1984).toBeLessThan(0.35);
    expect(names("Transformer (electrical device)", ["power transformer"], "Transformer", ["transformer model"])).toBeLessThan(0.6);
    expect(names("Induction Variable", [], "Induction Heads", ["induction head"])).toBeLessThan(0.4);
  });
});

describe("kinds and the combined score", () => {
  it("pairs the same kind and the configured compatible kinds only", () => {
    expect(kindsCompatible("concept", "concept")).toBe(true);
    expect(kindsCompatible("paper", "framework")).toBe(true);
    expect(kindsCompatible("framework", "paper")).toBe(true);
    expect(kindsCompatible("artifact", "paper")).toBe(false);
    expect(kindsCompatible("thinker", "concept")).toBe(false);
    expect(duplicateScore(evidence({ kindA: "artifact", kindB: "paper", names: 1, cosine: 1 }))).toBe(0);
  });

  it("ranks the source entry's duplicates above the threshold and the 1984 look-alike far below", () => {
    const frameworkPaper = duplicateScore(evidence({ kindA: "framework", kindB: "paper", names: 1, cosine: 0.934, sharedNeighbours: 6, degreeA: 9, degreeB: 40, yearA: 2021, yearB: 2021 }));
    const transformers = duplicateScore(evidence({ names: 0.8, cosine: 0.931 }));
    // Even as a paper (a compatible kind), the 1984 suite fails: names, cosine and years all disagree.
    const lookalike = duplicateScore(evidence({ kindA: "paper", kindB: "framework", names: 0.28, cosine: 0.747, yearA: 1984, yearB: 2021 }));
    expect(frameworkPaper).toBeGreaterThan(0.95);
    expect(transformers).toBeGreaterThan(0.7);
    expect(lookalike).toBeLessThan(0.2);
  });

  it("counts shared neighbours and a curator's mark only in favour, and a year conflict against", () => {
    const base = evidence({ names: 0.7, cosine: 0.7 });
    const s = duplicateScore(base);
    expect(duplicateScore({ ...base, sharedNeighbours: 3, degreeA: 4, degreeB: 10 })).toBeGreaterThan(s);
    expect(duplicateScore({ ...base, suspected: true })).toBeCloseTo(1 - (1 - s) / 2, 10);
    expect(duplicateScore({ ...base, yearA: 2019, yearB: 2024 })).toBeLessThan(s);
    expect(duplicateScore({ ...base, yearA: 2021, yearB: 2022 })).toBe(s);
    expect(duplicateScore({ ...base, kindA: "paper", kindB: "paper", yearA: 2019, yearB: 2024 })).toBeLessThan(duplicateScore({ ...base, yearA: 2019, yearB: 2024 }));
  });

  it("explains a pair in the queue's words", () => {
    expect(explain({ names: 0.9234, cosine: 0.8061, sharedNeighbours: 3, suspectedBy: null })).toBe("names 0.92 · description cosine 0.81 · 3 shared neighbours");
    expect(explain({ names: 1, cosine: null, sharedNeighbours: 1, suspectedBy: "alice" })).toBe("names 1.00 · 1 shared neighbour · marked “duplicate?” by alice");
    expect(explain({ names: 0.5, cosine: 0.7, sharedNeighbours: 0, suspectedBy: null, yearsDiffer: { a: 1984, b: 2021 } })).toBe(
      "names 0.50 · description cosine 0.70 · 0 shared neighbours · years differ (1984 vs 2021)",
    );
  });
});

describe("blocking", () => {
  const entity = (kind: string, name: string, aliases: string[] = []) => ({ kind, variants: nameVariants(name, aliases) });

  it("puts an acronym and the name it abbreviates in one block, and rare shared words", () => {
    const keys = blockKeys(nameVariants("SAE")).lookup;
    expect(keys.has("i:sa")).toBe(true);
    const r = blockPairs([entity("method", "SAE"), entity("method", "Sparse Autoencoder"), entity("concept", "Transformer"), entity("concept", "Transformer Architecture")]);
    expect([...r.pairs].sort((x, y) => x - y)).toEqual([0 * 4 + 1, 2 * 4 + 3]);
  });

  it("skips blocks of common words and never pairs incompatible kinds", () => {
    const many = Array.from({ length: 60 }, (_, i) => entity("concept", `Attention Pattern ${i}`));
    const r = blockPairs([...many, entity("artifact", "Attention Pattern 7")], { maxBlock: 50 });
    expect(r.skipped).toBe(3); // the words "attention" and "pattern", the initials "ap"
    expect(r.pairs.size).toBe(0); // the artifact has concept 7's very name, but the kinds never pair up
    expect(r.largest).toBe(61);
  });
});

describe("fixture and output", () => {
  it("closes duplicate labels transitively and judges proposals", () => {
    const pairs = [
      { a: "x:a", b: "x:b", label: "duplicate" as const },
      { a: "x:b", b: "x:c", label: "duplicate" as const },
      { a: "x:a", b: "x:d", label: "different" as const },
    ];
    expect([...duplicateGroups(pairs)].sort()).toEqual(["x:a|x:b", "x:a|x:c", "x:b|x:c"]);
    const j = judge({ entities: [], edges: [], pairs }, [{ a: "x:a", b: "x:b" }, { a: "x:d", b: "x:a" }, { a: "x:e", b: "x:f" }]);
    expect(j.truePositives).toEqual(["x:a|x:b"]);
    expect(j.falsePositives).toEqual(["x:a|x:d"]);
    expect(j.unjudged).toEqual(["x:e|x:f"]);
    expect(j.precision).toBe(0.5);
    expect(j.recall).toBeCloseTo(1 / 3, 10);
  });

  it("has a well-formed fixture: our own ids, labelled pairs of known entities", () => {
    const f = readDuplicateFixture();
    const ours = new Set(f.entities.map((e) => e.id));
    expect(ours.size).toBe(f.entities.length);
    for (const e of f.entities) expect(e.id).toMatch(/^[a-z]+:dupfix-/);
    expect(f.pairs.some((p) => p.label === "different" && p.b === "artifact:framework-ashton-tate-1984")).toBe(true);
    expect(f.pairs.filter((p) => p.label === "duplicate").length).toBeGreaterThanOrEqual(20);
  });

  it("writes CSV fields quoted only when needed", () => {
    expect(csvField('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    const side = (id: string, name: string) => ({ id, kind: "concept", name, aliases: [], description: null, degree: 0 });
    const c: DuplicateCandidate = {
      a: side("concept:a", "A, the first"),
      b: side("concept:b", "B"),
      score: 0.5,
      reasons: { names: 1, cosine: null, sharedNeighbours: 0, suspectedBy: null },
      explanation: "names 1.00 · 0 shared neighbours",
    };
    expect(toCsv([c]).split("\r\n")[1]).toBe('0.5000,concept:a,concept,"A, the first",concept:b,concept,B,1.0000,,0,,names 1.00 · 0 shared neighbours');
  });
});
