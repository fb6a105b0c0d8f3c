// The candidate engine's pure parts on small real fixtures (data/ and the
// labelled similarity fixture): exact sparse search, mentions, adjacency, the
// fitted fusion, ranked lists (symmetric scores, linked and decided pairs left
// out, empty texts), stored-list planning, explanations and output formats.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/config";
import { explain, pairCosine, toSignals } from "../../lib/candidates/explain";
import { toCsv, toRow } from "../../lib/candidates/format";
import { byScore, ownedPairs, passes } from "../../lib/candidates/queue";
import { fitLogistic, logit, sigmoid } from "../../lib/candidates/fusion";
import { fromColumns, NUMBERS_PER_ENTRY, owned, planLists, toColumns, withoutPartner, type StoredList } from "../../lib/candidates/lists";
import { buildMentions } from "../../lib/candidates/mentions";
import { priorModel, rankCandidates } from "../../lib/candidates/rank";
import { buildTextSignals, LIST } from "../../lib/candidates/signals";
import { SortedChunks } from "../../lib/candidates/sorted";
import { buildSparseIndex, createSearcher, sparseCosine, TopK } from "../../lib/candidates/sparse";
import { buildAdjacency, degree } from "../../lib/candidates/structure";
import { buildPlainIndex, calibrated, gramsOf, packGram } from "../../lib/candidates/terms";
import { tokenize } from "../../lib/candidates/tokens";
import type { EmbeddingInput } from "../../lib/kernel/entity-text";
import type { EdgeRow, EntityRow } from "../../lib/ingest/rows";

const jsonl = <T,>(file: string) =>
  readFileSync(path.join(PROJECT_ROOT, "data", file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
const entities = jsonl<EntityRow>("entities.jsonl");
const dataEdges = jsonl<EdgeRow>("edges.jsonl");
const docs: EmbeddingInput[] = entities.map((e) => ({ id: e.id, name: e.name, aliases: e.aliases ?? [], description: e.description ?? null }));
const at = new Map(docs.map((d, i) => [d.id, i]));
const edges = dataEdges.map((e) => [at.get(e.source)!, at.get(e.target)!]);
const kinds = entities.map((e) => e.kind);
const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";

describe("exact sparse search", () => {
  const texts = ["residual stream of a transformer", "the residual stream", "attention heads copy tokens", "induction heads copy tokens", "vision models"];
  const index = buildPlainIndex(texts);

  it("finds every document's neighbours exactly as brute force does, and its pruned search keeps the best", () => {
    const search = createSearcher(index);
    for (let q = 0; q < texts.length; q++) {
      const brute = texts
        .map((_, d) => ({ doc: d, score: sparseCosine(index, q, d) }))
        .filter((x) => x.doc !== q && x.score > 0)
        .sort((a, b) => b.score - a.score || a.doc - b.doc)
        .slice(0, 3);
      const exact = search(q, { k: 3, maxDf: Infinity, rescore: 0, minScore: 0 });
      expect(exact.map((x) => x.doc)).toEqual(brute.map((x) => x.doc));
      exact.forEach((x, i) => expect(x.score).toBeCloseTo(brute[i]!.score, 6));
      // Pruning frequent terms keeps candidates that share a rarer one, scored over all terms.
      const pruned = search(q, { k: 3, maxDf: 2, rescore: 10, minScore: 0 });
      for (const x of pruned) expect(x.score).toBeCloseTo(sparseCosine(index, q, x.doc), 6);
    }
    expect(search(0, { k: 3, maxDf: Infinity, rescore: 0, exclude: (_q, d) => d === 1 }).map((x) => x.doc)).not.toContain(1);
  });

  it("keeps the best of what it is offered, ties to the smaller id", () => {
    const top = new TopK(2);
    for (const [doc, score] of [[5, 0.1], [3, 0.9], [9, 0.5], [1, 0.5], [7, 0.2]] as const) top.offer(doc, score);
    expect(top.drain().sort((a, b) => b.score - a.score).map((x) => x.doc)).toEqual([3, 1]);
  });

  it("packs character 3-grams exactly and weighs each part to its share", () => {
    expect(gramsOf("head")).toEqual([packGram(94, 104, 101), packGram(104, 101, 97), packGram(101, 97, 100), packGram(97, 100, 36)]);
    const ix = buildSparseIndex(1, 3, (_d, add) => {
      add(0, 0, 1);
      add(1, 1, 1);
      add(1, 2, 1);
    }, [0.25, 0.75]);
    const w = Array.from(ix.docW);
    expect(w[0]! ** 2).toBeCloseTo(0.25, 6);
    expect(w[1]! ** 2 + w[2]! ** 2).toBeCloseTo(0.75, 6);
    expect(() => buildSparseIndex(1, 2, (_d, add) => (add(0, 0, 1), add(1, 0, 1)), [0.5, 0.5])).toThrow(/two parts/);
  });

  it("gives candidates to texts with no description, a one-word name, or only non-Latin script, and never crashes on empty text", () => {
    const odd: EmbeddingInput[] = [
      { id: "concept:a", name: "Superposition", aliases: [], description: null },
      { id: "concept:b", name: "Superposition hypothesis", aliases: [], description: "Features outnumber dimensions." },
      { id: "concept:c", name: "注意力机制", aliases: [], description: "注意力机制是变换器的核心" },
      { id: "concept:d", name: "注意力", aliases: [], description: null },
      { id: "concept:e", name: "-", aliases: [], description: null },
    ];
    const text = buildTextSignals(odd);
    const first = (q: number) => (text.lexical(q) > 0 ? odd[text.lexDoc[q * LIST]!]!.id : null);
    expect(first(0)).toBe("concept:b");
    expect(first(2)).toBe("concept:d");
    expect(text.lexical(4)).toBe(0);
  });
});

describe("mentions", () => {
  const corpus = tokenize([
    { id: "concept:residual-stream", name: "Residual Stream", aliases: [], description: "The sum of layer outputs." },
    { id: "method:logit-lens", name: "Logit Lens", aliases: [], description: "Reads the residual stream through the unembedding." },
    { id: "concept:toy-poodle", name: "Toy Poodle", aliases: [], description: null },
    { id: "concept:poodle", name: "Poodle", aliases: ["caniche"], description: "A dog." },
    { id: "concept:poodle-2", name: "Poodle", aliases: [], description: "A hairstyle." },
  ]);

  it("finds a name in another's description or longer name, both ways, never the entity's own name", () => {
    const m = buildMentions(corpus, { maxNamed: 50, maxDf: 100 });
    const out = (d: number) => Array.from(m.named.subarray(m.ptr[d], m.ptr[d + 1]));
    expect(out(1)).toEqual([0]);
    expect(out(2).sort()).toEqual([3, 4]);
    expect(out(3)).toEqual([]);
    expect(out(4)).toEqual([]); // "Poodle" is its own name too
    expect(Array.from(m.inBy.subarray(m.inPtr[0], m.inPtr[1]))).toEqual([1]);
    expect(m.ambiguity[m.ptr[2]!]).toBe(2);
  });

  it("ignores phrases that name too many entities or occur in too many texts", () => {
    expect(buildMentions(corpus, { maxNamed: 1, maxDf: 100 }).ptr[3]).toBe(buildMentions(corpus, { maxNamed: 1, maxDf: 100 }).ptr[2]);
    const m = buildMentions(corpus, { maxNamed: 50, maxDf: 0 });
    expect(m.named.length).toBe(0);
  });
});

describe("structure", () => {
  it("keeps one undirected edge per pair, without self-loops", () => {
    const g = buildAdjacency(4, [[0, 1], [1, 0], [2, 2], [1, 3], [0, 1]]);
    expect(degree(g, 0)).toBe(1);
    expect(degree(g, 1)).toBe(2);
    expect(degree(g, 2)).toBe(0);
    expect(Array.from(g.nbr.subarray(g.ptr[1], g.ptr[2]))).toEqual([0, 3]);
  });
});

describe("fusion", () => {
  it("fits a logistic model that ranks by the feature that separates, deterministically", () => {
    const rows: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 400; i++) {
      const x = (i % 20) / 20;
      const noise = ((i * 7919) % 13) / 13;
      rows.push(x, noise);
      labels.push(x + 0.2 * noise > 0.7 ? 1 : 0);
    }
    const m = fitLogistic(["signal", "noise"], Float64Array.from(rows), Uint8Array.from(labels), 1);
    expect(m.weights[0]).toBeGreaterThan(Math.abs(m.weights[1]!) * 2);
    expect(logit(m, [0.9, 0])).toBeGreaterThan(logit(m, [0.1, 0]));
    expect(fitLogistic(["signal", "noise"], Float64Array.from(rows), Uint8Array.from(labels), 1)).toEqual(m);
    expect(sigmoid(0)).toBe(0.5);
  });
});

describe("ranked candidates on data/", () => {
  const ranked = rankCandidates({ docs, kinds, edges, k: 20, seed: 1 });
  const list = (id: string) => ranked.lists.get(at.get(id)!)!;

  it("fits the fusion on held-out typed edges of the corpus itself", () => {
    expect(ranked.fit).not.toBeNull();
    expect(ranked.fit!.heldOut).toBe(Math.floor(new Set(dataEdges.map((e) => [e.source, e.target].sort().join())).size * 0.1));
    expect(ranked.fit!.poolRecall).toBeGreaterThan(0.5);
    expect(ranked.model.rows).toBeGreaterThan(0);
  });

  it("ranks at most k partners per entity, best first, none already linked, one score per pair whichever side", () => {
    const linked = new Set(edges.map(([a, b]) => `${Math.min(a!, b!)}|${Math.max(a!, b!)}`));
    for (const [q, l] of ranked.lists) {
      expect(l.length).toBeLessThanOrEqual(20);
      expect(l.map((c) => c.score)).toEqual([...l.map((c) => c.score)].sort((x, y) => y - x));
      for (const c of l) {
        expect(linked.has(`${Math.min(q, c.doc)}|${Math.max(q, c.doc)}`)).toBe(false);
        const back = ranked.lists.get(c.doc)!.find((x) => x.doc === q);
        if (back) expect(back.score).toBeCloseTo(c.score, 12);
      }
    }
    // The framework's paper twin: the same work under another kind, found first.
    expect(list(FRAMEWORK)[0]!.doc).toBe(at.get("paper:a-mathematical-framework-for-transformer-circuits"));
  });

  it("leaves decided pairs out, ranks only the entities asked, and applies a given model without fitting", () => {
    const f = at.get(FRAMEWORK)!;
    const twin = at.get("paper:a-mathematical-framework-for-transformer-circuits")!;
    const again = rankCandidates({ docs, kinds, edges, k: 5, only: [f], model: ranked.model, blocked: (a, b) => (a === f && b === twin) || (a === twin && b === f) });
    expect([...again.lists.keys()]).toEqual([f]);
    expect(again.fit).toBeNull();
    expect(again.lists.get(f)!.map((c) => c.doc)).not.toContain(twin);
    expect(again.lists.get(f)!.map((c) => c.doc)).toEqual(list(FRAMEWORK).map((c) => c.doc).filter((d) => d !== twin).slice(0, 5));
  });

  it("falls back to the prior model when the corpus has too few typed edges", () => {
    const few = rankCandidates({ docs, kinds, edges: edges.slice(0, 30), k: 5 });
    expect(few.fit).toBeNull();
    expect(few.model).toEqual(priorModel(false));
    expect(few.lists.get(at.get(FRAMEWORK)!)!.length).toBe(5);
  });
});

describe("stored lists", () => {
  const entry = (id: string, score: number, rank: number, partnerRank = 0) => ({ id, kind: "concept", score, rank, partnerRank, signals: [0.3, -1, 0, 1, 0.5, 0] });

  it("keeps cross-references right when some entities are ranked again", () => {
    const stored = new Map<string, StoredList>([
      ["concept:a", [entry("concept:b", 0.9, 1, 1), entry("concept:c", 0.5, 2, 0)]],
      ["concept:b", [entry("concept:a", 0.9, 1, 1)]],
      ["concept:c", [entry("concept:d", 0.4, 1, 0)]],
    ]);
    const ranked = new Map([["concept:a", [{ id: "concept:c", kind: "concept", score: 0.6, signals: [0.3, -1, 0, 0, 0, 0] }]]]);
    const next = planLists(ranked, stored);
    expect(next.get("concept:a")).toEqual([{ ...entry("concept:c", 0.6, 1, 0), signals: [0.3, -1, 0, 0, 0, 0] }]);
    // b still lists a, but a no longer lists b.
    expect(next.get("concept:b")![0]!.partnerRank).toBe(0);
    expect(next.has("concept:c")).toBe(false);
  });

  it("owns a pair once in the queue, drops a decided partner without renumbering, and round-trips columns", () => {
    const list = [entry("concept:b", 0.9, 1, 1), entry("concept:z", 0.7, 2, 3), entry("concept:y", 0.5, 3, 0)];
    expect(owned("concept:m", list[0]!)).toBe(false);
    expect(owned("concept:a", list[0]!)).toBe(true);
    expect(ownedPairs("concept:m", "concept", list).map((p) => [p.a, p.b, p.score])).toEqual([["concept:m", "concept:z", 0.7], ["concept:m", "concept:y", 0.5]]);
    const dropped = withoutPartner(list, "concept:z");
    expect(dropped.map((e) => e.rank)).toEqual([1, 3]);
    expect(fromColumns(toColumns(list) as never)).toEqual(list);
    expect(toColumns(list).candidateNumbers).toHaveLength(list.length * NUMBERS_PER_ENTRY);
  });
});

describe("explanations and output", () => {
  const signals = toSignals([0.5, -1, 0.8, 2, 0.3, 0.6]);

  it("says why a pair is proposed, strongest signals first", () => {
    expect(pairCosine(signals)).toBeCloseTo(calibrated(0.5));
    expect(explain(signals, ["Transformer", "Residual Stream", "MLP"])).toBe(
      `cosine ${calibrated(0.5).toFixed(2)} · one's name in the other's text · 3 shared neighbours (Transformer, Residual Stream, …) · linked to entities with similar text`,
    );
    expect(explain(toSignals([0.1, 0.82, 0, 0, 0, 0]))).toBe(`cosine 0.82 (text ${calibrated(0.1).toFixed(2)})`);
  });

  it("filters the queue by kinds in either orientation, score and cosine, and orders it by score then ids", () => {
    const p = (a: string, b: string, score: number, lexical = 0.5) => ({ owner: a, a, b, kindA: a.split(":")[0]!, kindB: b.split(":")[0]!, score, rankA: 1, rankB: null, signals: toSignals([lexical, -1, 0, 0, 0, 0]) });
    const f = { kindA: null, kindB: null, minScore: 0, minCosine: 0 };
    expect(passes({ ...f, kindA: "paper", kindB: "concept" }, p("concept:a", "paper:b", 0.1))).toBe(true);
    expect(passes({ ...f, kindA: "paper", kindB: "concept" }, p("concept:a", "method:b", 0.1))).toBe(false);
    expect(passes({ ...f, kindB: "method" }, p("concept:a", "method:b", 0.1))).toBe(true);
    expect(passes({ ...f, minScore: 0.2 }, p("concept:a", "method:b", 0.1))).toBe(false);
    expect(passes({ ...f, minCosine: 0.75 }, p("concept:a", "method:b", 0.9, 0.5))).toBe(false);
    const sorted = [p("concept:b", "concept:c", 0.5), p("concept:a", "concept:c", 0.5), p("concept:x", "concept:y", 0.9)].sort(byScore);
    expect(sorted.map((x) => x.a)).toEqual(["concept:x", "concept:a", "concept:b"]);
  });

  it("writes every signal and both ranks in JSON and CSV", () => {
    const pair = { owner: "concept:a", a: "concept:a", b: "concept:b, \"quoted\"", kindA: "concept", kindB: "concept", score: 0.51234, rankA: 1, rankB: null, signals };
    expect(toRow(pair)).toMatchObject({ a: "concept:a", score: 0.5123, rankA: 1, rankB: null, signals: { lexical: 0.5, dense: null, shared: 2 } });
    const csv = toCsv([pair]).split("\r\n");
    expect(csv[0]).toBe("a,b,score,rank_a,rank_b,cosine,lexical,dense,mention,shared,resource_allocation,vote");
    expect(csv[1]).toBe(`concept:a,"concept:b, ""quoted""",0.5123,1,,${calibrated(0.5).toFixed(2)},0.5,,0.8,2,0.3,0.6`);
  });
});

describe("sorted chunks", () => {
  it("keeps order through many inserts and removals, and pages by offset", () => {
    let seed = 3;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const start = Array.from({ length: 5000 }, (_, i) => i * 2).sort((a, b) => a - b);
    const list = new SortedChunks<number>((x, y) => x - y, start);
    const truth = new Set(start);
    for (let i = 0; i < 3000; i++) {
      const v = Math.floor(random() * 12000);
      if (truth.has(v)) {
        expect(list.remove(v)).toBe(true);
        truth.delete(v);
      } else {
        list.insert(v);
        truth.add(v);
      }
    }
    const want = [...truth].sort((a, b) => a - b);
    expect(list.length).toBe(want.length);
    expect(list.toArray()).toEqual(want);
    expect(list.slice(1500, 25)).toEqual(want.slice(1500, 1525));
    expect(list.slice(want.length - 3, 25)).toEqual(want.slice(-3));
    expect(list.remove(-1)).toBe(false);
    const empty = new SortedChunks<number>((x, y) => x - y);
    empty.insert(4);
    expect(empty.toArray()).toEqual([4]);
  });
});
