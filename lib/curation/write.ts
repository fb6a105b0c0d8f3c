// The curation writes: accept a candidate (add a typed edge), dismiss it,
// mark it a suspected duplicate, undo the last action on a pair. Each is ONE
// Neo4j write transaction that
//   1. authorizes the session token against the session store (401/403),
//   2. claims the operation id: MERGE of (:AuditEntry {opId}) under a
//      uniqueness constraint, so a retried request waits for / finds the first
//      and returns its result instead of applying twice,
//   3. locks the pair's (:Decision {pair}) node, so two curators acting on one
//      pair at once are serialised and the second sees what the first did (409),
//   4. changes the graph (and drops affected hub rankings in the same transaction),
//   5. fills in the audit entry: who, when, what, before and after.
// Rankings, communities, similarity and candidate lists are rebuilt after commit (refresh.ts).
import { randomUUID } from "node:crypto";
import { readEnv } from "../config";
import { invalidateRankingsAround } from "../entities/rankings";
import { inWriteTransaction, type Row, type WriteTx } from "../neo4j/driver";
import { loadVocabulary, relationKeyOfType, relationType } from "../vocabulary";
import { conflict, invalid, notFound, rateLimited } from "../auth/errors";
import { RateLimiter } from "../auth/rate-limit";
import { authorize, type Curator } from "../auth/sessions";
import type { MergeSummary } from "../duplicates/plan";
import { undoDuplicateDecision } from "../duplicates/undo";
import { dropPairFromLists } from "../candidates/store";
import { orderedPair, pairKey } from "./pairs";
import { scheduleRefresh } from "./refresh";
import {
  AcceptSchema, describeIssues, PairSchema, UndoSchema,
  type AcceptInput, type Action, type PairInput, type UndoInput,
} from "./schemas";

/** Who is asking: the session token from the cookie (or null when signed out). */
export interface WriteContext {
  token: string | null | undefined;
}

export interface CurationResult {
  opId: string;
  action: Action;
  curator: string;
  at: string;
  a: string;
  b: string;
  /** accept: the edge added; undo: the action undone. */
  edge?: { source: string; relation: string; target: string; note: string | null };
  undid?: { opId: string; action: Action };
  /** merge: what the merge did (lib/duplicates/merge.ts). */
  merge?: MergeSummary;
  /** True when this answer is the stored result of an earlier request with the same operation id. */
  replayed: boolean;
}

export const CLAIM_OP = `
MERGE (x:AuditEntry {opId: $opId})
ON CREATE SET x.attempt = $attempt
RETURN x.attempt = $attempt AS fresh, x.curator AS curator, x.action AS action, x.pair AS pair,
       x.undoes AS undoes, x.result AS result`;

export const LOCK_PAIR = `
MERGE (d:Decision {pair: $pair})
ON CREATE SET d.a = $a, d.b = $b
SET d.version = coalesce(d.version, 0) + 1
RETURN d.state AS state, d.by AS by, toString(d.at) AS at, d.lastOp AS lastOp`;

export const PAIR_ENTITIES = `
OPTIONAL MATCH (a:Entity {id: $a})
OPTIONAL MATCH (b:Entity {id: $b})
RETURN a.name AS aName, b.name AS bName, a.status = 'merged' AS aMerged, b.status = 'merged' AS bMerged,
       a.mergedInto AS aInto, b.mergedInto AS bInto`;

export const TYPED_EDGES_OF_PAIR = `
MATCH (a:Entity {id: $a})-[r]-(b:Entity {id: $b})
WHERE NOT r:SIMILAR_TO
RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target,
       r.origin AS origin, r.by AS by, toString(r.at) AS at, r.note AS note`;

/** The relationship type comes from the vocabulary (relationType), never from input. */
export const createCuratedEdge = (type: string) => `
MATCH (s:Entity {id: $source}), (t:Entity {id: $target})
CREATE (s)-[r:\`${type}\` {origin: 'curator', note: $note, by: $curator, at: datetime(), opId: $opId}]->(t)
RETURN toString(r.at) AS at`;

export const deleteCuratedEdge = (type: string) => `
MATCH (:Entity {id: $source})-[r:\`${type}\` {opId: $edgeOp}]->(:Entity {id: $target})
DELETE r
RETURN count(r) AS deleted`;

export const SET_DECISION = `
MATCH (d:Decision {pair: $pair})
SET d.state = $state, d.by = $curator, d.at = datetime(), d.lastOp = $lastOp`;

export const FIND_ENTRY = `
MATCH (x:AuditEntry {opId: $target}) WHERE x.at IS NOT NULL
RETURN x.action AS action, x.a AS a, x.b AS b, x.pair AS pair, x.relation AS relation, x.after AS after,
       x.undoneBy AS undoneBy, x.curator AS curator`;

export const MARK_UNDONE = "MATCH (x:AuditEntry {opId: $target}) SET x.undoneBy = $opId";

export const FILL_ENTRY = `
MATCH (x:AuditEntry {opId: $opId})
SET x.curator = $curator, x.at = datetime(), x.action = $action, x.a = $a, x.b = $b, x.pair = $pair,
    x.relation = $relation, x.note = $note, x.before = $before, x.after = $after, x.undoes = $undoes
REMOVE x.attempt
RETURN toString(x.at) AS at`;

let limiter: RateLimiter | null = null;
function writeLimiter(): RateLimiter {
  const env = readEnv();
  limiter ??= new RateLimiter({ perMinute: env.ATLAS_RATE_LIMIT_PER_MINUTE, burst: env.ATLAS_RATE_LIMIT_BURST });
  return limiter;
}

export interface Applied {
  before: unknown;
  after: unknown;
  relation: string | null;
  note: string | null;
  undoes: string | null;
  edge?: CurationResult["edge"];
  undid?: CurationResult["undid"];
  merge?: MergeSummary;
  /** Typed edges changed: rankings and communities are rebuilt after commit. */
  typedChange: boolean;
}

/** The shared frame of every write: authorize, claim the op id, apply, audit; one transaction. */
export async function runOperation(
  ctx: WriteContext,
  op: { opId: string; action: Action; pair: [string, string] | null; undoes?: string },
  apply: (tx: WriteTx, curator: Curator, pair: [string, string]) => Promise<Applied & { pair?: [string, string] }>,
): Promise<CurationResult> {
  let limited = false;
  let typedChange = false;
  const result = await inWriteTransaction(async (tx) => {
    typedChange = false;
    const curator = await authorize(tx, ctx.token);
    if (!limited) {
      limited = true; // a transaction the driver retries is one request, charged once
      const wait = writeLimiter().take(curator.name);
      if (wait > 0) throw rateLimited(wait);
    }
    const [claim] = await tx.run(CLAIM_OP, { opId: op.opId, attempt: randomUUID() });
    if (claim && claim.fresh !== true) {
      // A replay must be the same request: same curator, action, pair (or undone operation).
      const same = op.pair === null ? claim.undoes === (op.undoes ?? null) : claim.pair === pairKey(...op.pair);
      if (claim.curator !== curator.name || claim.action !== op.action || !same || typeof claim.result !== "string") {
        throw conflict(`The operation id ${op.opId} was already used for a different change.`);
      }
      return { ...(JSON.parse(claim.result) as CurationResult), replayed: true };
    }
    const applied = await apply(tx, curator, op.pair ?? ["", ""]);
    const [a, b] = applied.pair ?? (op.pair as [string, string]);
    // Any decision on a pair (and any undo of one) takes it off both candidate lists now and
    // marks both entities to be ranked again; the run scheduled after commit fills the gap.
    await dropPairFromLists(tx, a, b);
    const base = { opId: op.opId, action: op.action, curator: curator.name, a, b };
    const [filled] = await tx.run(FILL_ENTRY, {
      ...base,
      pair: pairKey(a, b),
      relation: applied.relation,
      note: applied.note,
      before: JSON.stringify(applied.before),
      after: JSON.stringify(applied.after),
      undoes: applied.undoes,
    });
    const out: CurationResult = { ...base, at: String(filled?.at), edge: applied.edge, undid: applied.undid, merge: applied.merge, replayed: false };
    await tx.run("MATCH (x:AuditEntry {opId: $opId}) SET x.result = $result", { opId: op.opId, result: JSON.stringify(out) });
    typedChange = applied.typedChange;
    return out;
  });
  if (!result.replayed) void scheduleRefresh({ typed: typedChange });
  return result;
}

export function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: import("zod").ZodError } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(describeIssues(parsed.error));
  return parsed.data;
}

/** Both entities exist and neither is a redirect left by a merge (act on the survivor instead). */
export async function requireEntities(tx: WriteTx, a: string, b: string): Promise<void> {
  const [row] = await tx.run(PAIR_ENTITIES, { a, b });
  const missing = [row?.aName === null ? a : null, row?.bName === null ? b : null].filter(Boolean);
  if (missing.length) throw notFound(`No entity with id ${missing.map((m) => `"${m}"`).join(" or ")}.`);
  for (const [id, merged, into] of [[a, row?.aMerged, row?.aInto], [b, row?.bMerged, row?.bInto]] as const) {
    if (merged === true) throw conflict(`${id} was merged into ${String(into)} and is only a redirect now; act on ${String(into)} instead.`);
  }
}

function describeEdges(edges: Row[]): string {
  const vocab = loadVocabulary();
  return edges
    .map((e) => {
      const rel = relationKeyOfType(vocab, String(e.type)) ?? String(e.type).toLowerCase();
      const who = e.origin === "curator" ? ` (added by ${e.by} at ${e.at})` : " (from the dataset)";
      return `${e.source} ${vocab.relationByKey.get(rel)?.forward ?? rel} ${e.target}${who}`;
    })
    .join("; ");
}

function decisionConflict(lock: Row | undefined): void {
  if (lock?.state === "dismissed") throw conflict(`This pair was dismissed by ${lock.by} at ${lock.at}; undo that first (on /activity).`);
  if (lock?.state === "duplicate-suspected") {
    throw conflict(`This pair was marked as a suspected duplicate by ${lock.by} at ${lock.at}; undo that first (on /activity).`);
  }
}

/** Adds the typed edge source -[relation]-> target; 409 when the pair is already linked or decided. */
export async function acceptCandidate(ctx: WriteContext, input: AcceptInput): Promise<CurationResult> {
  const v = parse(AcceptSchema, input);
  const type = relationType(loadVocabulary(), v.relation);
  const pair = orderedPair(v.source, v.target);
  return runOperation(ctx, { opId: v.opId, action: "accept", pair }, async (tx, curator) => {
    const [lock] = await tx.run(LOCK_PAIR, { pair: pairKey(...pair), a: pair[0], b: pair[1] });
    await requireEntities(tx, v.source, v.target);
    const existing = await tx.run(TYPED_EDGES_OF_PAIR, { a: v.source, b: v.target });
    if (existing.length) throw conflict(`Already linked: ${describeEdges(existing)}. Nothing was added.`);
    decisionConflict(lock);
    await invalidateRankingsAround(tx, [v.source, v.target]);
    await tx.run(createCuratedEdge(type), { source: v.source, target: v.target, note: v.note, curator: curator.name, opId: v.opId });
    await tx.run(SET_DECISION, { pair: pairKey(...pair), state: null, curator: curator.name, lastOp: v.opId });
    const edge = { source: v.source, relation: v.relation, target: v.target, note: v.note };
    return { before: { typedEdges: [], decision: null }, after: { edge }, relation: v.relation, note: v.note, undoes: null, edge, typedChange: true };
  });
}

async function decide(ctx: WriteContext, input: PairInput, state: "dismissed" | "duplicate-suspected"): Promise<CurationResult> {
  const v = parse(PairSchema, input);
  const pair = orderedPair(v.a, v.b);
  const action: Action = state === "dismissed" ? "dismiss" : "duplicate-suspected";
  return runOperation(ctx, { opId: v.opId, action, pair }, async (tx, curator) => {
    const [lock] = await tx.run(LOCK_PAIR, { pair: pairKey(...pair), a: pair[0], b: pair[1] });
    await requireEntities(tx, pair[0], pair[1]);
    const existing = await tx.run(TYPED_EDGES_OF_PAIR, { a: pair[0], b: pair[1] });
    if (existing.length) throw conflict(`Already linked: ${describeEdges(existing)}. Not a candidate any more.`);
    decisionConflict(lock);
    await tx.run(SET_DECISION, { pair: pairKey(...pair), state, curator: curator.name, lastOp: v.opId });
    return { before: { decision: null }, after: { decision: state }, relation: null, note: null, undoes: null, typedChange: false };
  });
}

/** Records the pair as not related: it leaves the queue and the similarity lists, through re-ingest and recomputed similarity. */
export function dismissCandidate(ctx: WriteContext, input: PairInput): Promise<CurationResult> {
  return decide(ctx, input, "dismissed");
}

/** Records a suspected duplicate (handed to duplicate curation); it leaves the queue. */
export function markDuplicate(ctx: WriteContext, input: PairInput): Promise<CurationResult> {
  return decide(ctx, input, "duplicate-suspected");
}

/** Undoes the last action on its pair (removes the added edge / restores the candidate), as a logged action. */
export async function undoOperation(ctx: WriteContext, input: UndoInput): Promise<CurationResult> {
  const v = parse(UndoSchema, input);
  return runOperation(ctx, { opId: v.opId, action: "undo", pair: null, undoes: v.target }, async (tx, curator) => {
    const [entry] = await tx.run(FIND_ENTRY, { target: v.target });
    if (!entry) throw notFound(`No recorded operation ${v.target}.`);
    const action = String(entry.action) as Action;
    if (action === "undo") throw invalid("An undo cannot itself be undone; make the change again instead.");
    if (entry.undoneBy !== null) throw conflict(`Operation ${v.target} was already undone (by operation ${entry.undoneBy}).`);
    const pair: [string, string] = [String(entry.a), String(entry.b)];
    const [lock] = await tx.run(LOCK_PAIR, { pair: String(entry.pair), a: pair[0], b: pair[1] });
    if (lock?.lastOp !== v.target) {
      throw conflict(`Only the last action on a pair can be undone, and operation ${v.target} is no longer the last on ${pair.join(" / ")}.`);
    }
    if (action === "merge" || action === "not-same") {
      // Duplicate curation restores its own snapshot, including the pair's decision.
      const undone = await undoDuplicateDecision(tx, { action, target: v.target, pair, curator: curator.name, opId: v.opId });
      await tx.run(MARK_UNDONE, { target: v.target, opId: v.opId });
      return { pair, ...undone, relation: null, note: null, undoes: v.target, undid: { opId: v.target, action } };
    }
    let before: unknown = { decision: lock?.state ?? null };
    let typedChange = false;
    if (action === "accept") {
      const edge = (JSON.parse(String(entry.after)) as { edge: NonNullable<CurationResult["edge"]> }).edge;
      const type = relationType(loadVocabulary(), edge.relation);
      await invalidateRankingsAround(tx, [edge.source, edge.target]);
      const [del] = await tx.run(deleteCuratedEdge(type), { source: edge.source, target: edge.target, edgeOp: v.target });
      if (Number(del?.deleted ?? 0) !== 1) throw conflict("The edge this operation added is no longer there; nothing to undo.");
      before = { edge };
      typedChange = true;
    }
    await tx.run(SET_DECISION, { pair: String(entry.pair), state: null, curator: curator.name, lastOp: null });
    await tx.run(MARK_UNDONE, { target: v.target, opId: v.opId });
    return {
      pair,
      before,
      after: { edge: null, decision: null },
      relation: entry.relation === null ? null : String(entry.relation),
      note: null,
      undoes: v.target,
      undid: { opId: v.target, action },
      typedChange,
    };
  });
}
