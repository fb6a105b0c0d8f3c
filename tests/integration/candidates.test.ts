// Curation writes against the real Neo4j: authorization in lib (anonymous,
// signed-in, revoked), idempotent operation ids, parallel accepts, literal
// notes, dismissals that survive re-ingest and recomputed similarity, undo.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator, removeCurator } from "../../lib/auth/curators";
import { CurationError } from "../../lib/auth/errors";
import { currentCurator, signIn, signOut } from "../../lib/auth/sessions";
import { listActivity } from "../../lib/curation/activity";
import { listCandidates } from "../../lib/candidates/queue";
import { refreshIdle } from "../../lib/curation/refresh";
import { acceptCandidate, dismissCandidate, markDuplicate, undoOperation } from "../../lib/curation/write";
import { getEntityPage } from "../../lib/entities/query";
import { graphDigest } from "../../lib/graph/digest";
import { ingest } from "../../lib/ingest/ingest";
import { closeDriver, readQuery, writeQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { computeSimilarity } from "../../lib/similarity/run";
import { DATA_DIR, freshDatasetDatabase } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const TRANSFORMER = "concept:transformer";
const FLOATER = "concept:floater-learning-to-encode-position";
const TDPS = "framework:technical-dimensions-of-programming-systems";
const PASSWORD = "correct horse battery staple";

const op = () => randomUUID();
let alice = "";
let bob = "";

/** The entity graph's digest plus the curation store: "nothing changed" means both are equal. */
async function state() {
  const [row] = await readQuery(
    "MATCH (x) WHERE x:AuditEntry OR x:Decision RETURN count(x) AS n, collect(coalesce(x.state, '') + coalesce(x.opId, ''))[..1000] AS keys",
  );
  return { graph: (await graphDigest()).digest, curation: `${toCount(row?.n)}:${JSON.stringify([...((row?.keys as string[]) ?? [])].sort())}` };
}

async function rejects(p: Promise<unknown>, status: number): Promise<CurationError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CurationError);
  expect((err as CurationError).status).toBe(status);
  return err as CurationError;
}

async function typedEdges(a: string, b: string) {
  return readQuery(
    "MATCH (a:Entity {id: $a})-[r]-(b:Entity {id: $b}) WHERE NOT r:SIMILAR_TO RETURN type(r) AS type, properties(r) AS props",
    { a, b },
  );
}

const similarIds = async (id: string) => (await getEntityPage(id))!.similar.members.map((m) => m.id);
/** Whether the pair is in the queue (every page of its kind pair). */
async function queued(a: string, b: string): Promise<boolean> {
  const filter = { kindA: a.split(":")[0], kindB: b.split(":")[0] };
  for (let page = 1; ; page++) {
    const p = await listCandidates({ ...filter, page });
    if (p.candidates.some((c) => (c.a.id === a && c.b.id === b) || (c.a.id === b && c.b.id === a))) return true;
    if (page >= p.pages) return false;
  }
}

describe("curation writes", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
    await computeSimilarity();
    await addCurator("alice", { password: PASSWORD, admin: true });
    await addCurator("bob", { password: PASSWORD });
    alice = (await signIn("alice", PASSWORD)).token;
    bob = (await signIn("bob", PASSWORD)).token;
  });
  afterAll(async () => {
    await refreshIdle();
    await closeDriver();
  });

  it("signs in with the right password only, and stores only the token's hash", async () => {
    await rejects(signIn("alice", "wrong password!!"), 401);
    await rejects(signIn("nobody", PASSWORD), 401);
    expect(await currentCurator(alice)).toEqual({ name: "alice", role: "admin" });
    const [stored] = await readQuery("MATCH (s:Session {curator: 'alice'}) RETURN collect(s.tokenHash) AS hashes");
    expect(stored?.hashes).not.toContain(alice);
    const [curator] = await readQuery("MATCH (c:Curator {name: 'alice'}) RETURN c.passwordHash AS h");
    expect(String(curator?.h)).toMatch(/^scrypt\$/);
    expect(String(curator?.h)).not.toContain(PASSWORD);
  });

  it("lists the candidates ranked by fused score, each with its signals, Adamic–Adar and why", async () => {
    const all = await listCandidates();
    expect(all.total).toBeGreaterThan(182);
    const scores = all.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    const frameworks = await listCandidates({ kindA: "framework", kindB: "concept" });
    expect(frameworks.candidates.every((c) => [c.a.kind, c.b.kind].sort().join() === "concept,framework")).toBe(true);
    expect(await queued(FRAMEWORK, TRANSFORMER)).toBe(true);
    expect((await listCandidates({ minScore: 0.9 })).candidates.every((c) => c.score >= 0.9)).toBe(true);
    expect(all.candidates.some((c) => c.adamicAdar > 0 && c.shared.length > 0)).toBe(true);
    expect(all.candidates.every((c) => c.why.length > 0 && c.rankA !== null || c.rankB !== null)).toBe(true);
  });

  it("refuses every write without a valid session, and changes nothing", async () => {
    const before = await state();
    const writes = (token: string | null) => [
      () => acceptCandidate({ token }, { opId: op(), source: FRAMEWORK, target: TRANSFORMER, relation: "studies" }),
      () => dismissCandidate({ token }, { opId: op(), a: FRAMEWORK, b: TRANSFORMER }),
      () => markDuplicate({ token }, { opId: op(), a: FRAMEWORK, b: TRANSFORMER }),
      () => undoOperation({ token }, { opId: op(), target: op() }),
    ];
    for (const token of [null, "", "not-a-token", "A".repeat(43)]) {
      for (const w of writes(token)) await rejects(w(), 401);
    }
    // A curator revoked while a session was open (e.g. between sign-in and the write): 403.
    await addCurator("carol", { password: PASSWORD });
    const carol = (await signIn("carol", PASSWORD)).token;
    await writeQuery("MATCH (c:Curator {name: 'carol'}) SET c.revokedAt = datetime()");
    for (const w of writes(carol)) await rejects(w(), 403);
    // Revoking through removeCurator ends the sessions at once: 401, and no new sign-in.
    await writeQuery("MATCH (c:Curator {name: 'carol'}) SET c.revokedAt = null");
    expect(await currentCurator(carol)).toMatchObject({ name: "carol" });
    expect(await removeCurator("carol")).toBe(1);
    expect(await currentCurator(carol)).toBeNull();
    for (const w of writes(carol)) await rejects(w(), 401);
    await rejects(signIn("carol", PASSWORD), 401);
    expect(await state()).toEqual(before);
  });

  it("accepts a candidate: a curated edge, the pair leaves the lists, an audit entry", async () => {
    const opId = op();
    const result = await acceptCandidate({ token: alice }, { opId, source: FRAMEWORK, target: TRANSFORMER, relation: "studies", note: "  seen in §2 " });
    expect(result).toMatchObject({ action: "accept", curator: "alice", replayed: false, edge: { source: FRAMEWORK, relation: "studies", target: TRANSFORMER, note: "seen in §2" } });
    const edges = await typedEdges(FRAMEWORK, TRANSFORMER);
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ type: "STUDIES", props: { origin: "curator", by: "alice", note: "seen in §2", opId } });
    expect(await similarIds(FRAMEWORK)).not.toContain(TRANSFORMER);
    const page = (await getEntityPage(FRAMEWORK))!;
    expect(page.groups.find((g) => g.kind === "concept")?.members.map((m) => m.id)).toContain(TRANSFORMER);
    expect(await queued(FRAMEWORK, TRANSFORMER)).toBe(false);
    const log = await listActivity({ entity: TRANSFORMER });
    expect(log.entries[0]).toMatchObject({ opId, action: "accept", curator: "alice", relation: "studies", undoable: true });
    expect(log.entries[0]?.before).toEqual({ typedEdges: [], decision: null });
    await refreshIdle();
    const [c] = await readQuery("MATCH (e:Entity {id: $id}) RETURN e.community AS c", { id: TRANSFORMER });
    expect(c?.c).not.toBeNull();
  });

  it("applies a retried operation id once and answers with the first result", async () => {
    const opId = op();
    const input = { opId, source: FLOATER, target: FRAMEWORK, relation: "related_to" };
    const first = await acceptCandidate({ token: bob }, input);
    await refreshIdle();
    const after = await state();
    const again = await acceptCandidate({ token: bob }, input);
    expect(again).toEqual({ ...first, replayed: true });
    // The same id in parallel, too.
    const twice = await Promise.all([acceptCandidate({ token: bob }, input), acceptCandidate({ token: bob }, input)]);
    expect(twice.every((r) => r.replayed)).toBe(true);
    await refreshIdle();
    expect(await state()).toEqual(after);
    expect(await typedEdges(FLOATER, FRAMEWORK)).toHaveLength(1);
    // An operation id reused for another change, or by someone else, is a conflict.
    await rejects(dismissCandidate({ token: bob }, { opId, a: FRAMEWORK, b: TDPS }), 409);
    await rejects(acceptCandidate({ token: alice }, input), 409);
  });

  it("lets exactly one of two parallel accepts of a pair through; the other gets a clear 409", async () => {
    const results = await Promise.allSettled([
      acceptCandidate({ token: alice }, { opId: op(), source: FRAMEWORK, target: TDPS, relation: "analogous_to" }),
      acceptCandidate({ token: bob }, { opId: op(), source: TDPS, target: FRAMEWORK, relation: "related_to" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(CurationError);
    expect((failed.reason as CurationError).status).toBe(409);
    expect((failed.reason as CurationError).message).toMatch(/Already linked: .* \(added by (alice|bob) at /);
    expect(await typedEdges(FRAMEWORK, TDPS)).toHaveLength(1);
  });

  it("stores Cypher-injection and markup in notes literally", async () => {
    const note = "'}) MATCH (n) DETACH DELETE n // <script>alert(1)</script> \" ` $x {{x}}";
    const [before] = await readQuery("MATCH (n:Entity) RETURN count(n) AS n");
    const target = "artifact:framework-ashton-tate-1984";
    await acceptCandidate({ token: alice }, { opId: op(), source: FRAMEWORK, target, relation: "mentions", note });
    const [edge] = await typedEdges(FRAMEWORK, target);
    expect((edge?.props as Record<string, unknown>).note).toBe(note);
    const [afterCount] = await readQuery("MATCH (n:Entity) RETURN count(n) AS n");
    expect(afterCount?.n).toBe(before?.n);
    expect((await listActivity({ entity: target })).entries[0]?.note).toBe(note);
    await rejects(acceptCandidate({ token: alice }, { opId: op(), source: FRAMEWORK, target: "concept:x", relation: "DETACH DELETE" }), 400);
  });

  it("keeps a dismissed pair out through re-ingest and recomputed similarity; undo restores it", async () => {
    const other = "concept:transformer-architecture";
    const dismissed = await dismissCandidate({ token: alice }, { opId: op(), a: other, b: FRAMEWORK });
    expect(await similarIds(FRAMEWORK)).not.toContain(other);
    expect(await queued(FRAMEWORK, other)).toBe(false);
    await rejects(acceptCandidate({ token: bob }, { opId: op(), source: FRAMEWORK, target: other, relation: "uses" }), 409);

    await ingest({ paths: [DATA_DIR], batchSize: 1000 });
    // Candidate lists ranked from scratch, the fusion fitted again: still out.
    await refreshIdle();
    await computeSimilarity({ full: true });
    expect(await queued(FRAMEWORK, other)).toBe(false);
    // Recomputed similarity: the similarity edge is replaced by a computed one.
    await writeQuery(
      `MATCH (a:Entity {id: $a})-[s:SIMILAR_TO]-(b:Entity {id: $b}) DELETE s
       WITH DISTINCT 1 AS one MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
       CREATE (a)-[:SIMILAR_TO {score: 0.99, method: 'embedding-cosine', computedAt: datetime()}]->(b)`,
      { a: FRAMEWORK, b: other },
    );
    expect(await similarIds(FRAMEWORK)).not.toContain(other);
    expect(await queued(FRAMEWORK, other)).toBe(false);

    await undoOperation({ token: bob }, { opId: op(), target: dismissed.opId });
    expect(await similarIds(FRAMEWORK)).toContain(other);
    // Back in the lists once the run the undo scheduled has ranked both again.
    await refreshIdle();
    expect(await queued(FRAMEWORK, other)).toBe(true);
  });

  it("undoes only the last action on a pair, once, as a logged action", async () => {
    const pair = { a: FRAMEWORK, b: "concept:mechanistic-interpretability" };
    const accepted = await acceptCandidate({ token: alice }, { opId: op(), source: pair.a, target: pair.b, relation: "studies" });
    const undo = await undoOperation({ token: bob }, { opId: op(), target: accepted.opId });
    expect(undo).toMatchObject({ action: "undo", curator: "bob", undid: { opId: accepted.opId, action: "accept" } });
    expect(await typedEdges(pair.a, pair.b)).toHaveLength(0);
    expect(await similarIds(FRAMEWORK)).toContain(pair.b);
    await rejects(undoOperation({ token: bob }, { opId: op(), target: accepted.opId }), 409);
    await rejects(undoOperation({ token: bob }, { opId: op(), target: undo.opId }), 400);
    await rejects(undoOperation({ token: bob }, { opId: op(), target: op() }), 404);
    const log = await listActivity({ curator: "bob", action: "undo" });
    expect(log.entries[0]).toMatchObject({ opId: undo.opId, undoes: accepted.opId, undoable: false });
    expect((await listActivity({ entity: pair.b })).entries.find((e) => e.opId === accepted.opId)).toMatchObject({ undoneBy: undo.opId, undoable: false });

    // A duplicate suspicion: leaves the queue, stays (marked) on the entity page, undoable.
    const dup = await markDuplicate({ token: alice }, { opId: op(), a: FRAMEWORK, b: "paper:a-mathematical-framework-for-transformer-circuits" });
    expect(await queued(FRAMEWORK, "paper:a-mathematical-framework-for-transformer-circuits")).toBe(false);
    const sim = (await getEntityPage(FRAMEWORK))!.similar.members.find((m) => m.id === "paper:a-mathematical-framework-for-transformer-circuits");
    expect(sim?.duplicateSuspected).toBe(true);
    await undoOperation({ token: alice }, { opId: op(), target: dup.opId });
    await refreshIdle();
    expect(await queued(FRAMEWORK, "paper:a-mathematical-framework-for-transformer-circuits")).toBe(true);
  });

  it("signs out: the session ends at once", async () => {
    const s = await signIn("bob", PASSWORD);
    await signOut(s.token);
    await rejects(dismissCandidate({ token: s.token }, { opId: op(), a: FRAMEWORK, b: TRANSFORMER }), 401);
  });
});
