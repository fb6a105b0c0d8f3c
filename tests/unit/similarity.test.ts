// The similarity engine's pure parts: entity text and its hash, the exact
// lexical signal (calibrated on the labelled fixture), exact top-k over
// vectors, and the planning of edges (top-k cap, provided pairs untouched, diffs).
import { describe, expect, it } from "vitest";
import { sparseCosine } from "../../lib/candidates/sparse";
import { buildLexicalIndex, calibrated, CALIBRATION_BIAS } from "../../lib/candidates/terms";
import { tokenize } from "../../lib/candidates/tokens";
import { fixtureCorpus, readFixture, scorePairs } from "../../lib/similarity/fixture";
import { diffEdges, pairKey, planEdges, type Candidate } from "../../lib/similarity/plan";
import { charGrams, embeddingText, textHash, words } from "../../lib/kernel/entity-text";
import { exactTopK, recallAtK } from "../../lib/similarity/vectors";
import { embeddingsUrl } from "../../lib/similarity/http";

const docs = fixtureCorpus();
const index = buildLexicalIndex(tokenize(docs));
const at = new Map(docs.map((d, i) => [d.id, i]));
const cos = (a: string, b: string) => calibrated(sparseCosine(index, at.get(a)!, at.get(b)!));

describe("text", () => {
  it("tokenises words (accents folded, stopwords out, plurals in) and character 3-grams", () => {
    expect(words("The Induction Heads of Schrödinger's transformers")).toEqual(["induction", "head", "schrodinger", "transformer"]);
    expect(charGrams("head")).toEqual(["^he", "hea", "ead", "ad$"]);
  });

  it("hashes exactly the embedded fields", () => {
    const e = { id: "concept:x", name: "X", aliases: ["y"], description: "About x." };
    expect(textHash(e)).toBe(textHash({ ...e, id: "concept:other" }));
    expect(textHash(e)).not.toBe(textHash({ ...e, description: "About x!" }));
    expect(textHash(e)).not.toBe(textHash({ ...e, aliases: [] }));
    expect(embeddingText(e)).toBe("X (y). About x.");
  });
});

describe("lexical similarity (exact sparse TF-IDF)", () => {
  it("is deterministic and gives unit vectors: a text's cosine with itself is 1", () => {
    const again = buildLexicalIndex(tokenize(fixtureCorpus()));
    const i = at.get("concept:induction-heads")!;
    const j = at.get("concept:transformer")!;
    expect(sparseCosine(again, i, j)).toBe(sparseCosine(index, i, j));
    expect(sparseCosine(index, i, i)).toBeCloseTo(1, 5);
    expect(sparseCosine(index, i, j)).toBeCloseTo(sparseCosine(index, j, i), 6);
  });

  it("is calibrated: unrelated texts sit near the bias", () => {
    expect(cos("thinker:chris-olah", "dataset:the-pile")).toBeLessThan(CALIBRATION_BIAS + 0.15);
  });

  it("separates the labelled fixture at 0.65, at least as well as the hashed embedding it replaced (P 100%, R 80%)", () => {
    const scored = readFixture().pairs.map((p) => ({ ...p, score: cos(p.a, p.b) }));
    const q = scorePairs(scored, 0.65);
    expect(q.precision).toBe(1);
    expect(q.recall).toBeGreaterThanOrEqual(0.85);
    expect(q.byLabel.duplicate.above).toBe(q.byLabel.duplicate.pairs);
    const framework = "framework:a-mathematical-framework-for-transformer-circuits";
    expect(cos(framework, "artifact:framework-ashton-tate-1984")).toBeLessThan(0.65);
    expect(cos(framework, "framework:fixture-transformer-circuits-framework")).toBeGreaterThan(0.65);
  });
});

describe("exact top-k", () => {
  it("finds the nearest by cosine, excluding the query, ties by index; recall@k compares id lists", () => {
    const vs = [[1, 0], [0.9, 0.1], [0, 1], [0.7, 0.7], [0.9, 0.1]].map((v) => {
      const n = Math.hypot(v[0]!, v[1]!);
      return Float32Array.from(v.map((x) => x / n));
    });
    const [top] = exactTopK(vs, [0], 3);
    expect(top!.map((n) => n.index)).toEqual([1, 4, 3]);
    // The best come last: the running floor must not drop them.
    const rising = [0, 0.1, 0.2, 0.3, 0.4, 0.5].map((a) => Float32Array.from([Math.cos(1.5 - a), Math.sin(1.5 - a)]));
    rising.unshift(Float32Array.from([1, 0]));
    expect(exactTopK(rising, [0], 2)[0]!.map((n) => n.index)).toEqual([6, 5]);
    expect(recallAtK([["a", "b"], ["c"]], [["b", "x"], ["c"]])).toBeCloseTo(2 / 3);
  });
});

describe("edge planning", () => {
  const cands = (entries: Record<string, [string, number][]>) =>
    new Map(Object.entries(entries).map(([id, list]) => [id, list.map(([n, score]): Candidate => ({ id: n, score }))]));

  it("stores one edge per unordered pair, smaller id first, at or above the threshold", () => {
    const plan = planEdges({
      candidates: cands({ b: [["a", 0.8], ["c", 0.6]], a: [["b", 0.8]] }),
      k: 5, threshold: 0.65, excluded: new Set(),
    });
    expect(plan).toEqual([{ a: "a", b: "b", score: 0.8 }]);
  });

  it("caps computed edges at k per entity, strongest first, counting edges kept elsewhere", () => {
    const hub: [string, number][] = [["x1", 0.9], ["x2", 0.8], ["x3", 0.7]];
    const c = cands({ hub, x1: [["hub", 0.9]], x2: [["hub", 0.8]], x3: [["hub", 0.7]] });
    expect(planEdges({ candidates: c, k: 2, threshold: 0.65, excluded: new Set() }).map((e) => e.b)).toEqual(["x1", "x2"]);
    const kept = new Map([["hub", 1]]);
    expect(planEdges({ candidates: c, k: 2, threshold: 0.65, excluded: new Set(), kept }).map((e) => e.b)).toEqual(["x1"]);
  });

  it("plans the same edges whether it sorts packed numbers or with a comparator", () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const ids = Array.from({ length: 300 }, (_, i) => `e${(i * 7919) % 1000}`);
    const candidates = new Map<string, Candidate[]>();
    // Scores on a coarse grid, so ties (broken by ids) are common; duplicates and self-pairs included.
    for (const id of ids) candidates.set(id, Array.from({ length: 12 }, () => ({ id: ids[Math.floor(random() * ids.length)] as string, score: 0.6 + Math.floor(random() * 8) / 20 })));
    const excluded = new Set([pairKey(ids[0] as string, ids[1] as string), pairKey(ids[5] as string, ids[9] as string)]);
    const kept = new Map([[ids[3] as string, 4]]);
    const input = { candidates, k: 5, threshold: 0.65, excluded, kept };
    const packed = planEdges(input);
    expect(packed.length).toBeGreaterThan(300);
    expect(planEdges({ ...input, unpacked: true })).toEqual(packed);
  });

  it("never plans a pair that holds a provided edge", () => {
    const plan = planEdges({ candidates: cands({ a: [["b", 0.95], ["c", 0.9]] }), k: 5, threshold: 0.65, excluded: new Set([pairKey("b", "a")]) });
    expect(plan.map((e) => e.b)).toEqual(["c"]);
  });

  it("diffs: creates the new, rescores the changed, removes the stale, leaves the rest", () => {
    const d = diffEdges(
      [{ a: "a", b: "b", score: 0.7 }, { a: "a", b: "c", score: 0.8 }, { a: "c", b: "d", score: 0.9 }],
      [{ a: "a", b: "b", score: 0.7 }, { a: "a", b: "c", score: 0.75 }, { a: "b", b: "d", score: 0.66 }],
    );
    expect(d).toEqual({ create: [{ a: "b", b: "d", score: 0.66 }], update: [{ a: "a", b: "c", score: 0.75 }], remove: [{ a: "c", b: "d" }], unchanged: 1 });
  });
});

describe("http provider URL", () => {
  it("accepts a base URL or the full embeddings path", () => {
    expect(embeddingsUrl("https://api.openai.com/v1")).toBe("https://api.openai.com/v1/embeddings");
    expect(embeddingsUrl("http://localhost:11434/")).toBe("http://localhost:11434/v1/embeddings");
    expect(embeddingsUrl("http://h:8000/v1/embeddings")).toBe("http://h:8000/v1/embeddings");
  });
});
