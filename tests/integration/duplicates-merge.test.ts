// Merging duplicates against the real Neo4j, on the circuits dataset: the
// loser becomes a redirect, edges move with their provenance, undo restores
// the exact graph, refusals (409) say why, concurrent merges of one pair
// serialise, "not the same" is recorded, and re-ingest maps merged ids.
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator } from "../../lib/auth/curators";
import { CurationError } from "../../lib/auth/errors";
import { signIn } from "../../lib/auth/sessions";
import { recomputeCommunities } from "../../lib/communities/store";
import { listActivity } from "../../lib/curation/activity";
import { refreshIdle } from "../../lib/curation/refresh";
import { acceptCandidate, undoOperation } from "../../lib/curation/write";
import { mergeEntities, markNotSame } from "../../lib/duplicates/merge";
import { getDuplicatePair } from "../../lib/duplicates/compare";
import { resolveRedirect } from "../../lib/duplicates/redirects";
import { ExplorerFiltersSchema, getExplorerGraph } from "../../lib/graph/explorer";
import { graphDigest } from "../../lib/graph/digest";
import { describeResult, ingest } from "../../lib/ingest/ingest";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { getHomeData } from "../../lib/queries/home";
import { searchEntities } from "../../lib/search";
import { computeSimilarity } from "../../lib/similarity/run";
import { textHash } from "../../lib/kernel/entity-text";
import { DATA_DIR, freshDatasetDatabase } from "../helpers/db";

// The suite makes far more writes per curator than the default burst (20, then one a second), and
// how many it gets before the limiter refills depends on the machine's speed: lift the limit here.
process.env.ATLAS_RATE_LIMIT_BURST = "10000";

const TRANSFORMER = "concept:transformer";
const ARCHITECTURE = "concept:transformer-architecture";
const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const PASSWORD = "correct horse battery staple";
const op = () => randomUUID();
let alice = "";
let bob = "";

async function rejects(p: Promise<unknown>, status: number): Promise<CurationError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(CurationError);
  expect((err as CurationError).status).toBe(status);
  return err as CurationError;
}

/** The graph once background rebuilds (rankings, communities) are done. */
async function settledDigest(): Promise<string> {
  await refreshIdle();
  return (await graphDigest()).digest;
}

const typedEdges = async (id: string) =>
  readQuery(
    "MATCH (e:Entity {id: $id})-[r]-(o:Entity) WHERE NOT r:SIMILAR_TO RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props ORDER BY type, source, target",
    { id },
  );

const duplicateEdges = async () =>
  toCount(
    (await readQuery("MATCH (a:Entity)-[r]->(b:Entity) WITH a, b, type(r) AS t, count(r) AS n WHERE n > 1 RETURN count(*) AS dups"))[0]?.dups,
  );

const entity = async (id: string) => (await readQuery("MATCH (e:Entity {id: $id}) RETURN properties(e) AS p", { id }))[0]?.p as Record<string, unknown>;

describe("merging duplicates", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
    // The two Transformer concepts have no typed edges in the dataset: give the loser some that
    // move (with notes), one that becomes a duplicate, one that becomes a self-loop, and a curated one.
    const dir = mkdtempSync(path.join(tmpdir(), "atlas-merge-"));
    writeFileSync(
      path.join(dir, "edges.jsonl"),
      [
        { source: FRAMEWORK, relation: "mentions", target: TRANSFORMER },
        { source: FRAMEWORK, relation: "mentions", target: ARCHITECTURE, note: "duplicate once merged" },
        { source: ARCHITECTURE, relation: "related_to", target: TRANSFORMER, note: "self-loop once merged" },
        { source: ARCHITECTURE, relation: "uses", target: "concept:residual-stream", note: "moves with its note" },
        { source: "paper:curve-circuits", relation: "mentions", target: ARCHITECTURE },
      ].map((r) => JSON.stringify(r)).join("\n"),
    );
    await ingest({ paths: [dir], batchSize: 1000 });
    await computeSimilarity();
    await recomputeCommunities();
    await addCurator("alice", { password: PASSWORD, admin: true });
    await addCurator("bob", { password: PASSWORD });
    alice = (await signIn("alice", PASSWORD)).token;
    bob = (await signIn("bob", PASSWORD)).token;
    await acceptCandidate({ token: bob }, { opId: op(), source: ARCHITECTURE, relation: "extends", target: "concept:privileged-basis", note: "curated" });
  });
  afterAll(async () => {
    await refreshIdle();
    await closeDriver();
  });

  it("turns the loser into a redirect, moves its edges with their provenance, and undo restores the exact graph", async () => {
    const before = await settledDigest();
    const loserEdges = await typedEdges(ARCHITECTURE);
    const survivorEdges = await typedEdges(TRANSFORMER);
    expect(loserEdges.length).toBe(5);
    const id = op();
    const result = await mergeEntities({ token: alice }, { opId: id, survivor: TRANSFORMER, loser: ARCHITECTURE });
    expect(result.replayed).toBe(false);
    expect(result.merge?.survivor.id).toBe(TRANSFORMER);
    expect(result.merge).toMatchObject({ repointed: 3, dropped: 2, redirects: 0 });

    const loser = await entity(ARCHITECTURE);
    expect(loser).toMatchObject({ status: "merged", mergedInto: TRANSFORMER, mergedBy: "alice", mergeOp: id });
    expect(loser.embedding).toBeUndefined();
    expect(await typedEdges(ARCHITECTURE)).toEqual([]);
    const survivor = await entity(TRANSFORMER);
    expect(survivor.aliases).toEqual(["transformer model", "Transformer Architecture"]);
    // Every loser edge is now on the survivor with its properties, or was a self-loop / duplicate.
    const now = await typedEdges(TRANSFORMER);
    const toLoser = survivorEdges.filter((e) => e.source === ARCHITECTURE || e.target === ARCHITECTURE).length;
    expect(toLoser).toBe(1);
    expect(now.length).toBe(survivorEdges.length - toLoser + (result.merge?.repointed ?? 0));
    for (const e of loserEdges) {
      const source = e.source === ARCHITECTURE ? TRANSFORMER : e.source;
      const target = e.target === ARCHITECTURE ? TRANSFORMER : e.target;
      if (source === target) continue;
      expect(now.some((n) => n.type === e.type && n.source === source && n.target === target)).toBe(true);
    }
    expect(now.some((n) => n.source === n.target)).toBe(false);
    const curated = now.find((n) => n.type === "EXTENDS")?.props as Record<string, unknown>;
    expect(curated).toMatchObject({ origin: "curator", by: "bob", note: "curated" });
    expect(now.find((n) => n.type === "USES")?.props).toMatchObject({ origin: "ingest", note: "moves with its note" });
    expect(await duplicateEdges()).toBe(0);
    // The survivor's similarity is recomputed for its new text by the run the merge scheduled.
    await refreshIdle();
    const relinked = await entity(TRANSFORMER);
    expect(relinked.embeddingHash).toBe(textHash({ id: TRANSFORMER, name: "Transformer", aliases: relinked.aliases as string[], description: relinked.description as string }));
    const [decision] = await readQuery("MATCH (d:Decision {pair: $pair}) RETURN d.sameness AS s, d.lastOp AS op", { pair: `${TRANSFORMER}|${ARCHITECTURE}` });
    expect(decision).toEqual({ s: "merged", op: id });

    // Redirected: not in search, home counts or the top list; its URL resolves to the survivor.
    expect((await searchEntities("transformer architecture")).map((h) => h.id)).not.toContain(ARCHITECTURE);
    expect((await getHomeData()).kinds.find((k) => k.kind === "concept")?.count).toBe(
      toCount((await readQuery("MATCH (e:Entity {kind: 'concept'}) RETURN count(e) AS n"))[0]?.n) - 1,
    );
    expect(await resolveRedirect(ARCHITECTURE)).toMatchObject({ to: TRANSFORMER, from: { id: ARCHITECTURE, name: "Transformer Architecture" } });
    expect((await getExplorerGraph(ExplorerFiltersSchema.parse({}))).nodes.map((n) => n.id)).not.toContain(ARCHITECTURE);
    await recomputeCommunities();
    expect((await entity(ARCHITECTURE)).community).toBeUndefined();
    const activity = await listActivity({ action: "merge" });
    expect(activity.entries[0]).toMatchObject({ opId: id, action: "merge", undoable: true });

    const undo = await undoOperation({ token: bob }, { opId: op(), target: id });
    expect(undo.undid).toEqual({ opId: id, action: "merge" });
    expect(await settledDigest()).toBe(before);
    await rejects(undoOperation({ token: alice }, { opId: op(), target: id }), 409);
  });

  it("compares the pair side by side: shared neighbours first, the cosine, and whether a merge is possible", async () => {
    const pair = await getDuplicatePair(TRANSFORMER, ARCHITECTURE);
    expect(pair?.a).toMatchObject({ id: TRANSFORMER, name: "Transformer", aliases: ["transformer model"], kindLabel: "Concept" });
    expect(pair?.shared.map((s) => s.id)).toEqual([FRAMEWORK]);
    expect(pair?.sharedTotal).toBe(1);
    expect(pair?.b.neighbours[0]).toMatchObject({ id: FRAMEWORK, shared: true, relations: ["← mentions"] });
    expect(pair?.b.neighbours.filter((n) => n.shared)).toHaveLength(1);
    expect(pair?.between).toEqual(["Transformer Architecture related to Transformer"]);
    expect(pair?.cosine).toBeGreaterThan(0.5);
    expect(pair?.refusal).toBeNull();
    expect(await getDuplicatePair(TRANSFORMER, "concept:nothing-like-it")).toBeNull();
    expect((await getDuplicatePair(TRANSFORMER, "thinker:chris-olah"))?.refusal).toMatch(/cannot be merged/);
  });

  it("applies a retried merge once and answers the stored result", async () => {
    const id = op();
    const first = await mergeEntities({ token: alice }, { opId: id, survivor: TRANSFORMER, loser: ARCHITECTURE });
    const after = await settledDigest();
    const again = await mergeEntities({ token: alice }, { opId: id, survivor: TRANSFORMER, loser: ARCHITECTURE });
    expect(again.replayed).toBe(true);
    expect(again.merge).toEqual(first.merge);
    expect(await settledDigest()).toBe(after);
    // The same id for the other direction is not the same request.
    await rejects(mergeEntities({ token: alice }, { opId: id, survivor: ARCHITECTURE, loser: TRANSFORMER }), 409);
    await undoOperation({ token: alice }, { opId: op(), target: id });
  });

  it("refuses merges that cannot be right, saying why", async () => {
    await rejects(mergeEntities({ token: null }, { opId: op(), survivor: TRANSFORMER, loser: ARCHITECTURE }), 401);
    await rejects(mergeEntities({ token: alice }, { opId: op(), survivor: TRANSFORMER, loser: TRANSFORMER }), 400);
    await rejects(mergeEntities({ token: alice }, { opId: op(), survivor: TRANSFORMER, loser: "concept:no-such-thing" }), 404);
    const kinds = await rejects(mergeEntities({ token: alice }, { opId: op(), survivor: TRANSFORMER, loser: "thinker:chris-olah" }), 409);
    expect(kinds.message).toMatch(/cannot be merged into a concept/);

    const id = op();
    await mergeEntities({ token: alice }, { opId: id, survivor: TRANSFORMER, loser: ARCHITECTURE });
    const again = await rejects(mergeEntities({ token: bob }, { opId: op(), survivor: ARCHITECTURE, loser: TRANSFORMER }), 409);
    expect(again.message).toMatch(/already merged into concept:transformer/);
    // Curation on the redirect is refused too: act on the survivor.
    await rejects(acceptCandidate({ token: bob }, { opId: op(), source: ARCHITECTURE, relation: "related_to", target: FRAMEWORK }), 409);
    await undoOperation({ token: alice }, { opId: op(), target: id });

    const notSame = op();
    const recorded = await markNotSame({ token: bob }, { opId: notSame, a: ARCHITECTURE, b: TRANSFORMER });
    expect(recorded.action).toBe("not-same");
    expect((await markNotSame({ token: bob }, { opId: notSame, a: ARCHITECTURE, b: TRANSFORMER })).replayed).toBe(true);
    await rejects(markNotSame({ token: alice }, { opId: op(), a: ARCHITECTURE, b: TRANSFORMER }), 409);
    const refused = await rejects(mergeEntities({ token: alice }, { opId: op(), survivor: TRANSFORMER, loser: ARCHITECTURE }), 409);
    expect(refused.message).toMatch(/not the same by bob/);
    await undoOperation({ token: alice }, { opId: op(), target: notSame });
    const [d] = await readQuery("MATCH (d:Decision {pair: $pair}) RETURN d.sameness AS s", { pair: `${TRANSFORMER}|${ARCHITECTURE}` });
    expect(d?.s).toBeNull();
  });

  it("refuses to undo a merge once the survivor was touched, and says what changed", async () => {
    const before = await settledDigest();
    const id = op();
    await mergeEntities({ token: alice }, { opId: id, survivor: TRANSFORMER, loser: ARCHITECTURE });
    const accepted = op();
    await acceptCandidate({ token: bob }, { opId: accepted, source: TRANSFORMER, relation: "related_to", target: "concept:direct-path" });
    const refused = await rejects(undoOperation({ token: alice }, { opId: op(), target: id }), 409);
    expect(refused.message).toMatch(/Cannot undo the merge of concept:transformer-architecture into concept:transformer: concept:transformer: 1 typed edge added/);
    // Once the later change is undone, the merge can be.
    await undoOperation({ token: bob }, { opId: op(), target: accepted });
    await undoOperation({ token: alice }, { opId: op(), target: id });
    expect(await settledDigest()).toBe(before);
  });

  it("follows chains: an earlier redirect to the loser moves to the survivor, and back on undo", async () => {
    const before = await settledDigest();
    const first = op();
    await mergeEntities({ token: alice }, { opId: first, survivor: ARCHITECTURE, loser: "concept:attention-only-transformer" });
    const second = op();
    const r = await mergeEntities({ token: alice }, { opId: second, survivor: TRANSFORMER, loser: ARCHITECTURE });
    expect(r.merge?.redirects).toBe(1);
    expect((await entity("concept:attention-only-transformer")).mergedInto).toBe(TRANSFORMER);
    expect((await resolveRedirect("concept:attention-only-transformer"))?.to).toBe(TRANSFORMER);
    // The first merge's survivor is a redirect now: undoing it first is refused.
    await rejects(undoOperation({ token: alice }, { opId: op(), target: first }), 409);
    await undoOperation({ token: alice }, { opId: op(), target: second });
    expect((await entity("concept:attention-only-transformer")).mergedInto).toBe(ARCHITECTURE);
    await undoOperation({ token: alice }, { opId: op(), target: first });
    expect(await settledDigest()).toBe(before);
  });

  it("serialises concurrent merges of one pair: one wins, the other gets 409, no edge lost or duplicated", async () => {
    for (const [x, y] of [[TRANSFORMER, ARCHITECTURE], [ARCHITECTURE, TRANSFORMER]] as const) {
      const before = await settledDigest();
      const between = (await typedEdges(TRANSFORMER)).filter((e) => e.source === ARCHITECTURE || e.target === ARCHITECTURE).length;
      const edges = (await typedEdges(TRANSFORMER)).length + (await typedEdges(ARCHITECTURE)).length;
      const ids = [op(), op()];
      const outcomes = await Promise.allSettled([
        mergeEntities({ token: alice }, { opId: ids[0] as string, survivor: TRANSFORMER, loser: ARCHITECTURE }),
        mergeEntities({ token: bob }, { opId: ids[1] as string, survivor: x, loser: y }),
      ]);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o) => o.status === "rejected");
      expect(won.length).toBe(1);
      expect(lost.length).toBe(1);
      expect(((lost[0] as PromiseRejectedResult).reason as CurationError).status).toBe(409);
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof mergeEntities>>>).value;
      const survivorId = winner.merge?.survivor.id as string;
      expect((await typedEdges(survivorId)).length).toBe(edges - (winner.merge?.dropped ?? 0) - between);
      expect(await duplicateEdges()).toBe(0);
      await undoOperation({ token: alice }, { opId: op(), target: winner.opId });
      expect(await settledDigest()).toBe(before);
    }
  });

  it("applies one operation id sent twice at once exactly once", async () => {
    const before = await settledDigest();
    const body = { opId: op(), survivor: TRANSFORMER, loser: ARCHITECTURE };
    const both = await Promise.all([mergeEntities({ token: alice }, body), mergeEntities({ token: alice }, body)]);
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(both[0].merge).toEqual(both[1].merge);
    expect(toCount((await readQuery("MATCH (x:AuditEntry {action: 'merge', opId: $id}) RETURN count(x) AS n", { id: body.opId }))[0]?.n)).toBe(1);
    expect(await duplicateEdges()).toBe(0);
    await undoOperation({ token: alice }, { opId: op(), target: body.opId });
    expect(await settledDigest()).toBe(before);
  });

  it("maps rows naming a merged id to the survivor on re-ingest, resurrecting nothing", async () => {
    const id = op();
    await mergeEntities({ token: alice }, { opId: id, survivor: TRANSFORMER, loser: ARCHITECTURE });
    const merged = await settledDigest();
    const again = await ingest({ paths: [DATA_DIR], batchSize: 1000 });
    const text = describeResult(again);
    expect(text).toMatch(/rows? named merged entities and (was|were) mapped to their survivors \(1 entity row skipped/);
    expect(text).toMatch(/Nothing changed/);
    expect(await settledDigest()).toBe(merged);
    expect((await entity(ARCHITECTURE)).status).toBe("merged");

    // A new row naming the merged id lands on the survivor; one that becomes a self-loop is dropped.
    const dir = mkdtempSync(path.join(tmpdir(), "atlas-remap-"));
    writeFileSync(
      path.join(dir, "edges.jsonl"),
      [
        { source: ARCHITECTURE, relation: "related_to", target: "concept:privileged-basis", note: "after the merge" },
        { source: ARCHITECTURE, relation: "related_to", target: TRANSFORMER },
      ].map((r) => JSON.stringify(r)).join("\n"),
    );
    const extra = await ingest({ paths: [dir], batchSize: 1000 });
    expect(extra.summary?.redirected).toMatchObject({ mappedEdges: 2, droppedEdges: 1 });
    const edges = await typedEdges(TRANSFORMER);
    expect(edges.some((e) => e.source === TRANSFORMER && e.target === "concept:privileged-basis" && (e.props as { note: string }).note === "after the merge")).toBe(true);
    expect(await typedEdges(ARCHITECTURE)).toEqual([]);
    // The survivor changed after the merge: undo refuses.
    const refused = await rejects(undoOperation({ token: alice }, { opId: op(), target: id }), 409);
    expect(refused.message).toMatch(/typed edge added/);
  });
});
