// Undo of duplicate curation, inside the transaction of lib/curation/write.ts's
// undoOperation (which has authorized the curator, claimed the undo's own
// operation id and checked that the merge is still the last action on its pair).
//
// A merge is undone only when nothing has touched the survivor or the loser
// since: their curated state (properties other than derived similarity and
// community fields, and typed edges) must still have the fingerprint taken
// right after the merge. Then the snapshot puts back both entities' properties
// (the survivor's embedding and aliases included), the loser's typed edges
// with their properties, the similarity edges of both, and earlier redirects.
import { conflict } from "../auth/errors";
import { invalidateRankingsAround } from "../entities/rankings";
import type { WriteTx } from "../neo4j/driver";
import { listsRestored } from "../candidates/store";
import { describeChange, fingerprint, type MergeSnapshot, type SnapshotEdge, type TypedProps } from "./plan";
import { plainOf } from "./snapshot";
import {
  createEdges, curatedState, DELETE_EDGES_OF, deleteEdges, lockEntities, restoreDecision, restoreEntity, REPOINT_REDIRECTS,
} from "./store";

export const READ_SNAPSHOT = "MATCH (x:AuditEntry {opId: $target}) RETURN x.snapshot AS snapshot";

/** Partners of restored similarity edges that still exist and are not redirects now. */
export const LIVE_IDS = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE coalesce(e.status, 'active') <> 'merged'
RETURN e.id AS id`;

export interface DuplicateUndo {
  action: "merge" | "not-same";
  /** The operation being undone. */
  target: string;
  pair: [string, string];
  curator: string;
  /** The undo's own operation id. */
  opId: string;
}

export async function undoDuplicateDecision(tx: WriteTx, u: DuplicateUndo): Promise<{ before: unknown; after: unknown; typedChange: boolean }> {
  const [row] = await tx.run(READ_SNAPSHOT, { target: u.target });
  if (typeof row?.snapshot !== "string") throw conflict(`Operation ${u.target} has no undo snapshot; it cannot be undone.`);
  if (u.action === "not-same") {
    const snap = JSON.parse(row.snapshot) as { decision: TypedProps };
    await restoreDecision(tx, u.pair, snap.decision);
    return { before: { sameness: "different" }, after: { sameness: snap.decision.sameness?.v ?? null }, typedChange: false };
  }
  const snap = JSON.parse(row.snapshot) as MergeSnapshot;
  const s = snap.survivor.id;
  const l = snap.loser.id;
  await lockEntities(tx, [s, l]);
  const now = { survivor: await curatedState(tx, s), loser: await curatedState(tx, l) };
  if (fingerprint(now.survivor, now.loser) !== snap.after.fingerprint) {
    const changes = [
      describeChange(snap.after.survivor, now.survivor) && `${s}: ${describeChange(snap.after.survivor, now.survivor)}`,
      describeChange(snap.after.loser, now.loser) && `${l}: ${describeChange(snap.after.loser, now.loser)}`,
    ].filter(Boolean);
    throw conflict(
      `Cannot undo the merge of ${l} into ${s}: ${changes.join("; ") || "they changed"} since the merge, and undoing now would lose that. ` +
        `Undo those later changes first (on /activity), or separate the two by hand.`,
    );
  }

  await invalidateRankingsAround(tx, [s, l]);
  // Edges the merge created on the survivor, then every similarity edge of both.
  await deleteEdges(tx, snap.repointed.map((r) => r.to));
  await tx.run(DELETE_EDGES_OF(true), { id: s });
  await tx.run(DELETE_EDGES_OF(true), { id: l });
  await restoreEntity(tx, l, snap.loser.props);
  await restoreEntity(tx, s, snap.survivor.props);
  await createEdges(tx, [...snap.repointed.map((r) => r.from), ...snap.dropped.map((d) => d.edge)]);
  // The pair's own similarity edge is in both lists: once is enough. Partners merged since stay out.
  const similar = new Map<string, SnapshotEdge>();
  for (const e of [...snap.similarity.survivor, ...snap.similarity.loser]) similar.set(`${e.type}|${e.source}|${e.target}`, e);
  const partners = [...new Set([...similar.values()].flatMap((e) => [e.source, e.target]))];
  const live = new Set((await tx.run(LIVE_IDS, { ids: partners })).map((r) => String(r.id)));
  await createEdges(tx, [...similar.values()].filter((e) => live.has(e.source) && live.has(e.target)));
  if (snap.redirects.length) await tx.run(REPOINT_REDIRECTS, { ids: snap.redirects, from: s, to: l });
  await restoreDecision(tx, u.pair, snap.decision);
  // Candidate lists are derived: the merge took the loser out of its partners' lists, so those
  // partners are ranked again after commit (with survivor and loser), and come out as before.
  const listed = plainOf(snap.loser.props, "candidateIds");
  await listsRestored(tx, [s, l, ...(Array.isArray(listed) ? listed.map(String) : [])]);
  return {
    before: { survivor: s, loser: l, sameness: "merged" },
    after: { survivor: s, loser: l, restored: { typedEdges: snap.repointed.length + snap.dropped.length, redirects: snap.redirects.length } },
    typedChange: true,
  };
}
