// Merging duplicates, and recording that two entities are not the same. Both
// run in the frame every curation write uses (lib/curation/write.ts:
// authorize the session in the transaction, claim the operation id so a
// retried request applies once and answers the stored result) and lock the
// pair's Decision node and both entities (in id order) before reading them.
//
// A merge is ONE transaction: the loser keeps its node and id forever as a
// redirect (status 'merged', mergedInto), its name and aliases join the
// survivor's, its typed edges move to the survivor (lib/duplicates/plan.ts
// decides which), earlier redirects to it follow it, and the audit entry keeps
// a snapshot from which undo (lib/duplicates/undo.ts) restores everything.
// After commit, the survivor's similarity is recomputed (its text changed),
// and rankings and communities are rebuilt.
import { conflict, notFound } from "../auth/errors";
import type { Curator } from "../auth/sessions";
import { invalidateRankingsAround } from "../entities/rankings";
import type { WriteTx } from "../neo4j/driver";
import { dropEntityFromLists, listPartners } from "../candidates/store";
import { orderedPair, pairKey } from "../curation/pairs";
import { MergeSchema, PairSchema, type MergeInput, type PairInput } from "../curation/schemas";
import { parse, requireEntities, runOperation, type CurationResult, type WriteContext } from "../curation/write";
import {
  fingerprint, mergedAliases, mergeRefusal, planSimilarityEdges, planTypedEdges,
  type MergeSnapshot, type MergeSummary,
} from "./plan";
import {
  createEdges, curatedState, DELETE_EDGES_OF, lockEntities, lockPair, readEdges, redirectsTo, REPOINT_REDIRECTS,
  typedEdgesTowards,
} from "./store";
import { SAMENESS_DIFFERENT, SAMENESS_MERGED } from "./types";

/** The loser becomes a redirect; what similarity and communities derive from it goes (undo puts it back). */
export const MAKE_REDIRECT = `
MATCH (l:Entity {id: $loser})
SET l.status = 'merged', l.mergedInto = $survivor, l.mergedAt = datetime(), l.mergedBy = $curator, l.mergeOp = $opId
REMOVE l.embedding, l.embeddingHash, l.embeddingProvider, l.embeddingModel, l.similarityStale, l.community, l.subcommunity
RETURN toString(l.mergedAt) AS at`;

export const SET_ALIASES = "MATCH (s:Entity {id: $survivor}) SET s.aliases = $aliases";

export const SET_SAMENESS = `
MATCH (d:Decision {pair: $pair})
SET d.sameness = $sameness, d.by = $curator, d.at = datetime(), d.lastOp = $opId`;

export const STORE_SNAPSHOT = "MATCH (x:AuditEntry {opId: $opId}) SET x.snapshot = $snapshot";

/** Merges `loser` into `survivor`; 409 when either is already merged, the kinds differ, or the pair is recorded as not the same. */
export async function mergeEntities(ctx: WriteContext, input: MergeInput): Promise<CurationResult> {
  const v = parse(MergeSchema, input);
  const pair = orderedPair(v.survivor, v.loser);
  const result = await runOperation(ctx, { opId: v.opId, action: "merge", pair }, (tx, curator) => applyMerge(tx, curator, v.survivor, v.loser, v.opId));
  if (result.replayed && result.merge && result.merge.survivor.id !== v.survivor) {
    throw conflict(`The operation id ${v.opId} was already used to merge the pair the other way round.`);
  }
  // The survivor's text changed (aliases): the similarity run the write schedules after
  // commit (curation/refresh.ts) links it again and ranks its candidates.
  return result;
}

async function applyMerge(tx: WriteTx, curator: Curator, survivorId: string, loserId: string, opId: string) {
  const pair = orderedPair(survivorId, loserId);
  const decision = await lockPair(tx, pair);
  const locked = await lockEntities(tx, pair);
  const survivor = locked.get(survivorId);
  const loser = locked.get(loserId);
  const missing = [survivor ? null : survivorId, loser ? null : loserId].filter(Boolean);
  if (!survivor || !loser) throw notFound(`No entity with id ${missing.map((m) => `"${m}"`).join(" or ")}.`);
  const refusal = mergeRefusal(survivor, loser, decision);
  if (refusal) throw conflict(refusal);

  // Read everything the plan and the undo snapshot need, before changing anything.
  const loserTyped = await readEdges(tx, loserId, false);
  const loserSimilar = await readEdges(tx, loserId, true);
  const survivorSimilar = await readEdges(tx, survivorId, true);
  const neighbours = [...new Set(loserTyped.flatMap((e) => [e.source, e.target]))].filter((id) => id !== loserId);
  const typed = planTypedEdges(survivorId, loserId, loserTyped, await typedEdgesTowards(tx, survivorId, neighbours));
  const partners = survivorSimilar.map((e) => (e.source === survivorId ? e.target : e.source));
  const similarity = planSimilarityEdges(survivorId, loserId, loserSimilar, partners);
  const redirects = await redirectsTo(tx, loserId);
  const aliases = mergedAliases(survivor, loser);

  // Rankings of both and of every hub next to them may change: dropped before the edges move.
  await invalidateRankingsAround(tx, [survivorId, loserId]);
  await tx.run(DELETE_EDGES_OF(false), { id: loserId });
  await tx.run(DELETE_EDGES_OF(true), { id: loserId });
  await createEdges(tx, typed.repointed.map((r) => r.to));
  await createEdges(tx, similarity.moved.map((m) => m.to));
  await dropEntityFromLists(tx, loserId, await listPartners(tx, loserId));
  await tx.run(MAKE_REDIRECT, { loser: loserId, survivor: survivorId, curator: curator.name, opId });
  await tx.run(SET_ALIASES, { survivor: survivorId, aliases });
  if (redirects.length) await tx.run(REPOINT_REDIRECTS, { ids: redirects, from: loserId, to: survivorId });
  await tx.run(SET_SAMENESS, { pair: pairKey(...pair), sameness: SAMENESS_MERGED, curator: curator.name, opId });

  const after = { survivor: await curatedState(tx, survivorId), loser: await curatedState(tx, loserId) };
  const snapshot: MergeSnapshot = {
    version: 1,
    survivor: { id: survivorId, props: survivor.props },
    loser: { id: loserId, props: loser.props },
    decision: decision.props,
    repointed: typed.repointed,
    dropped: typed.dropped,
    similarity: { loser: loserSimilar, survivor: survivorSimilar, moved: similarity.moved },
    redirects,
    after: { ...after, fingerprint: fingerprint(after.survivor, after.loser) },
  };
  await tx.run(STORE_SNAPSHOT, { opId, snapshot: JSON.stringify(snapshot) });

  const summary: MergeSummary = {
    survivor: { id: survivorId, name: survivor.name },
    loser: { id: loserId, name: loser.name },
    repointed: typed.repointed.length,
    dropped: typed.dropped.length,
    similarityMoved: similarity.moved.length,
    similarityRemoved: similarity.removed.length,
    redirects: redirects.length,
    aliasesAdded: aliases.slice(survivor.aliases.length),
  };
  return {
    before: { survivor: { id: survivorId, aliases: survivor.aliases }, loser: { id: loserId, status: loser.status }, sameness: decision.sameness },
    after: { survivor: survivorId, loser: loserId, aliases, sameness: SAMENESS_MERGED, summary },
    relation: null,
    note: null,
    undoes: null,
    merge: summary,
    typedChange: true,
  };
}

/** Records that the two are not the same: the pair is never proposed as a duplicate again (undoable). */
export async function markNotSame(ctx: WriteContext, input: PairInput): Promise<CurationResult> {
  const v = parse(PairSchema, input);
  const pair = orderedPair(v.a, v.b);
  return runOperation(ctx, { opId: v.opId, action: "not-same", pair }, async (tx, curator) => {
    const decision = await lockPair(tx, pair);
    await requireEntities(tx, pair[0], pair[1]);
    if (decision.sameness === SAMENESS_DIFFERENT) {
      throw conflict(`Already recorded as not the same by ${decision.by} at ${decision.at}.`);
    }
    await tx.run(SET_SAMENESS, { pair: pairKey(...pair), sameness: SAMENESS_DIFFERENT, curator: curator.name, opId: v.opId });
    await tx.run(STORE_SNAPSHOT, { opId: v.opId, snapshot: JSON.stringify({ version: 1, decision: decision.props }) });
    return {
      before: { sameness: decision.sameness },
      after: { sameness: SAMENESS_DIFFERENT },
      relation: null,
      note: null,
      undoes: null,
      typedChange: false,
    };
  });
}
