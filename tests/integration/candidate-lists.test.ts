// Ranked candidate lists against the real Neo4j: what a run stores on the
// entities (at most k each, no linked or decided pair, cross-references right),
// the queue they make (each pair once, ordered, paged, filtered, counted, kept
// current through the change log when lists change in another process),
// incremental re-ranking after an ingest, all-or-nothing writes, decisions
// made while a run ranks, and `npm run candidates`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../lib/config";
import { fromColumns, owned, type StoredList } from "../../lib/candidates/lists";
import { listCandidates, queuePairs, readWholeQueue } from "../../lib/candidates/queue";
import { dropPairFromLists, readLists, readModel, writeLists } from "../../lib/candidates/store";
import { ingest } from "../../lib/ingest/ingest";
import { closeDriver, inWriteTransaction, readQuery, writeQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { computeSimilarity } from "../../lib/similarity/run";
import { freshDatasetDatabase, script, testChildEnv, TSX } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";

async function eids(): Promise<Map<string, string>> {
  return new Map((await readQuery("MATCH (e:Entity) RETURN e.id AS id, elementId(e) AS eid")).map((r) => [String(r.id), String(r.eid)]));
}

async function storedLists(): Promise<Map<string, StoredList>> {
  const rows = await readQuery("MATCH (e:Entity) WHERE coalesce(e.status, 'active') <> 'merged' RETURN e.id AS id");
  return readLists(rows.map((r) => String(r.id)));
}

async function linkedPairs(): Promise<Set<string>> {
  const rows = await readQuery("MATCH (a:Entity)-[r]-(b:Entity) WHERE NOT r:SIMILAR_TO AND a.id < b.id RETURN a.id AS a, b.id AS b");
  return new Set(rows.map((r) => `${r.a}|${r.b}`));
}

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

describe("candidate lists", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
    await computeSimilarity();
  });
  afterAll(closeDriver);

  it("stores at most k ranked partners per entity: no linked pair, ranks and cross-references right", async () => {
    const k = readEnv().CANDIDATES_TOP_K;
    const lists = await storedLists();
    const linked = await linkedPairs();
    let entries = 0;
    for (const [id, list] of lists) {
      expect(list.length).toBeLessThanOrEqual(k);
      entries += list.length;
      expect(list.map((e) => e.rank)).toEqual(list.map((_, i) => i + 1));
      for (const e of list) {
        expect(linked.has(key(id, e.id)), `${id} ~ ${e.id}`).toBe(false);
        const back = lists.get(e.id)?.find((x) => x.id === id);
        expect(e.partnerRank).toBe(back?.rank ?? 0);
      }
    }
    expect(entries).toBeGreaterThan(lists.size * 10);
    const model = await readModel();
    expect(model?.model.features).toContain("mention");
    expect(JSON.parse(model!.report!)).toMatchObject({ heldOut: expect.any(Number), poolRecall: expect.any(Number) });
  });

  it("makes a queue of each listed pair once, best first, that pages, filters and counts", async () => {
    const lists = await storedLists();
    const union = new Set<string>();
    for (const [id, list] of lists) for (const e of list) union.add(key(id, e.id));
    const pairs = await queuePairs();
    expect(pairs).toHaveLength(union.size);
    expect(new Set(pairs.map((p) => `${p.a}|${p.b}`)).size).toBe(union.size);
    expect(pairs.map((p) => p.score)).toEqual([...pairs.map((p) => p.score)].sort((x, y) => y - x));
    for (const p of pairs.slice(0, 50)) {
      expect(p.a < p.b).toBe(true);
      expect(p.rankA ?? p.rankB).not.toBeNull();
      expect(lists.get(p.a)?.find((e) => e.id === p.b)?.rank ?? null).toBe(p.rankA);
    }
    // Pages are consecutive slices of the same order, and carry why each pair is there.
    const page1 = await listCandidates({ page: 1 });
    const page3 = await listCandidates({ page: 3 });
    expect(page1.total).toBe(union.size);
    expect(page1.candidates.map((c) => `${c.a.id}|${c.b.id}`)).toEqual(pairs.slice(0, 25).map((p) => `${p.a}|${p.b}`));
    expect(page3.candidates.map((c) => `${c.a.id}|${c.b.id}`)).toEqual(pairs.slice(50, 75).map((p) => `${p.a}|${p.b}`));
    expect(page1.candidates.every((c) => c.why.startsWith("cosine "))).toBe(true);
    expect(page1.candidates.some((c) => c.shared.length > 0 && c.why.includes("shared neighbour"))).toBe(true);
    // Filters: a kind pair in either orientation, one kind on either side, minimum score and cosine.
    const fc = await listCandidates({ kindA: "framework", kindB: "concept" });
    expect(fc.total).toBe(pairs.filter((p) => [p.a.split(":")[0], p.b.split(":")[0]].sort().join() === "concept,framework").length);
    expect(fc.candidates.every((c) => [c.a.kind, c.b.kind].sort().join() === "concept,framework")).toBe(true);
    const papers = await listCandidates({ kindA: "paper" });
    expect(papers.total).toBe(pairs.filter((p) => p.a.startsWith("paper:") || p.b.startsWith("paper:")).length);
    const strong = await listCandidates({ minScore: 0.5 });
    expect(strong.total).toBe(pairs.filter((p) => p.score >= 0.5).length);
    const close = await listCandidates({ minCosine: 0.7 });
    expect(close.candidates.every((c) => c.cosine >= 0.7)).toBe(true);
    expect(close.total).toBeLessThan(page1.total);
  });

  it("follows list changes committed by any writer: the next request shows them, read in full or patched", async () => {
    const before = await queuePairs();
    const [top] = before;
    // A write from outside this module (as from another process): only the change log tells.
    await inWriteTransaction((tx) => dropPairFromLists(tx, top!.a, top!.b));
    const after = await queuePairs();
    expect(after.find((p) => p.a === top!.a && p.b === top!.b)).toBeUndefined();
    // The patched queue is exactly what reading every list again gives.
    expect(after.map((p) => `${p.a}|${p.b}|${p.score}`)).toEqual((await readWholeQueue()).map((p) => `${p.a}|${p.b}|${p.score}`));
    // The two entities are ranked again by the next run, and the pair comes back.
    const run = await computeSimilarity();
    expect(run.ranked).toBe(2);
    expect((await queuePairs()).some((p) => p.a === top!.a && p.b === top!.b)).toBe(true);
  });

  it("ranks again only what an ingest changed: a new typed edge takes its pair off the lists", async () => {
    const lists = await storedLists();
    const first = lists.get(FRAMEWORK)![0]!.id;
    const dir = mkdtempSync(path.join(tmpdir(), "atlas-cand-"));
    writeFileSync(path.join(dir, "edges.jsonl"), `${JSON.stringify({ source: FRAMEWORK, relation: "related_to", target: first })}\n`);
    await ingest({ paths: [dir], batchSize: 100 });
    const run = await computeSimilarity();
    expect(run).toMatchObject({ relinked: 0, fitted: false });
    expect(run.ranked).toBe(2);
    const after = await storedLists();
    expect(after.get(FRAMEWORK)!.map((e) => e.id)).not.toContain(first);
    expect(after.get(first)!.map((e) => e.id)).not.toContain(FRAMEWORK);
    expect(await computeSimilarity()).toMatchObject({ ranked: 0, relinked: 0 });
  });

  it("writes a run's lists all or nothing", async () => {
    const before = await storedLists();
    const good = before.get(FRAMEWORK)!;
    const bad = [{ ...good[0]!, signals: [Number.NaN, "x" as unknown as number] }];
    const lists = new Map<string, StoredList>([[FRAMEWORK, good.slice(0, 2)], ["concept:transformer", bad]]);
    await expect(writeLists({ lists, eids: await eids(), all: false, ranked: new Map(), model: null, since: new Date().toISOString() })).rejects.toThrow();
    expect((await storedLists()).get(FRAMEWORK)).toEqual(good);
  });

  it("does not write back a pair a curator decided while the run ranked", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const list = (await storedLists()).get(FRAMEWORK)!;
    const partner = list[0]!.id;
    const [a, b] = FRAMEWORK < partner ? [FRAMEWORK, partner] : [partner, FRAMEWORK];
    await writeQuery(
      "MERGE (d:Decision {pair: $pair}) SET d.a = $a, d.b = $b, d.state = 'dismissed', d.by = 'test', d.at = datetime()",
      { pair: `${a}|${b}`, a, b },
    );
    await writeLists({ lists: new Map([[FRAMEWORK, list]]), eids: await eids(), all: false, ranked: new Map(), model: null, since });
    const [row] = await readQuery("MATCH (e:Entity {id: $id}) RETURN e AS e", { id: FRAMEWORK });
    const stored = fromColumns(row?.e as Record<string, unknown>);
    expect(stored.map((e) => e.id)).not.toContain(partner);
    expect(stored.length).toBe(list.length - 1);
    expect(stored.every((e) => owned(FRAMEWORK, e) || e.partnerRank > 0)).toBe(true);
  });

  it("lists every open pair with `npm run candidates` as JSON or CSV, and says what is wrong with bad flags", async () => {
    const env = await testChildEnv();
    const cli = (...flags: string[]) => spawnSync(TSX, [script("candidates"), "--test", ...flags], { env, encoding: "utf8" });
    const json = cli("--json");
    expect(json.status, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { total: number; candidates: { a: string; b: string; score: number; rankA: number | null; rankB: number | null; signals: Record<string, number | null> }[] };
    const pairs = await queuePairs();
    expect(parsed.total).toBe(pairs.length);
    expect(parsed.candidates[0]).toMatchObject({ a: pairs[0]!.a, b: pairs[0]!.b, rankA: pairs[0]!.rankA, rankB: pairs[0]!.rankB });
    expect(Object.keys(parsed.candidates[0]!.signals)).toEqual(["lexical", "dense", "mention", "shared", "resourceAllocation", "vote"]);
    expect(json.stderr).toMatch(/candidate pairs/);
    const csv = cli("--csv", "--min-score", "0.5", "--limit", "5");
    expect(csv.status, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toBe("a,b,score,rank_a,rank_b,cosine,lexical,dense,mention,shared,resource_allocation,vote");
    expect(lines.length).toBeLessThanOrEqual(6);
    for (const l of lines.slice(1)) expect(Number(l.split(",")[2])).toBeGreaterThanOrEqual(0.5);
    const bad = cli("--min-score", "2");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--min-score is between 0 and 1");
    const both = cli("--json", "--csv");
    expect(both.stderr).toContain("Choose one of --json and --csv");
  });

  it("counts entities ranked and marks none left stale", async () => {
    const [row] = await readQuery("MATCH (e:Entity) WHERE e.candidatesStale RETURN count(e) AS n");
    expect(toCount(row?.n)).toBe(0);
  });
});
