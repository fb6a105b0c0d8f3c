// Candidates' Neo4j side: the typed edges and decisions a ranking reads, the
// ranked lists stored on entity nodes (column-wise arrays, lists.ts), the
// fitted fusion model, the surgery a curator's decision makes on two lists
// inside its own transaction, and the change log readers follow: every
// transaction that changes lists appends which ones (queue.ts).
import { createHash } from "node:crypto";
import { inWriteTransaction, readQuery, type Row, type WriteTx } from "../neo4j/driver";
import { toCount } from "../neo4j/ints";
import { pipeline } from "../neo4j/pipeline";
import type { FusionModel } from "./fusion";
import { CANDIDATE_PROPERTIES, fromColumns, toColumns, withoutPartner, type StoredList } from "./lists";

/**
 * Typed edges between active entities: each entity's outgoing targets in one
 * row (on the 100k graph 2.5 s for 500k edges, against 3.4 s for a row per edge).
 */
export const TYPED_EDGES = `
MATCH (a:Entity) WHERE coalesce(a.status, 'active') <> 'merged'
WITH a, [(a)-[r]->(b:Entity) WHERE NOT r:SIMILAR_TO AND coalesce(b.status, 'active') <> 'merged' | b.id] AS out
WHERE size(out) > 0
RETURN a.id AS a, out`;

/** Pairs a curator decided (dismissed, suspected duplicate, not the same, merged): never proposed. */
export const DECIDED_PAIRS = `
MATCH (d:Decision) WHERE d.state IS NOT NULL OR d.sameness IS NOT NULL
RETURN d.a AS a, d.b AS b`;

export async function readTypedEdges(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const r of await readQuery(TYPED_EDGES)) {
    const a = String(r.a);
    for (const b of r.out as string[]) out.push([a, String(b)]);
  }
  return out;
}

export async function readDecidedPairs(): Promise<[string, string][]> {
  return (await readQuery(DECIDED_PAIRS)).map((r) => [String(r.a), String(r.b)]);
}

/** A short hash of an entity's typed neighbours: when it changes, the entity is ranked again. */
export function neighbourHash(neighbours: string[]): string {
  return createHash("sha1").update([...neighbours].sort().join("\n")).digest("base64url").slice(0, 16);
}

/** The list columns of an entity variable, for RETURN. */
export const LIST_COLUMNS = (e: string) =>
  `${e}.candidateIds AS candidateIds, ${e}.candidateKinds AS candidateKinds, ${e}.candidateNumbers AS candidateNumbers`;

export const READ_LISTS = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, ${LIST_COLUMNS("e")}`;

export async function readLists(ids: string[]): Promise<Map<string, StoredList>> {
  const out = new Map<string, StoredList>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const r of await readQuery(READ_LISTS, { ids: ids.slice(i, i + 5000) })) out.set(String(r.id), fromColumns(r));
  }
  return out;
}

/**
 * Decisions, curated edges and merges committed after `since` (while a run
 * ranked): the pairs they touch must not be written back into the lists.
 */
export const DECIDED_SINCE = `
CALL () {
  MATCH (d:Decision) WHERE d.at >= datetime($since) AND (d.state IS NOT NULL OR d.sameness IS NOT NULL)
  RETURN d.a AS a, d.b AS b
  UNION
  MATCH (a:Entity)-[r]->(b:Entity) WHERE r.at >= datetime($since) AND NOT r:SIMILAR_TO
  RETURN a.id AS a, b.id AS b
  UNION
  MATCH (e:Entity) WHERE e.mergedAt >= datetime($since)
  RETURN e.id AS a, null AS b
}
RETURN a, b`;

export const WRITE_LISTS = `
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
WHERE coalesce(e.status, 'active') <> 'merged'
SET e.candidateIds = row.candidateIds, e.candidateKinds = row.candidateKinds, e.candidateNumbers = row.candidateNumbers`;

/**
 * A run's lists, with the state they were ranked from (null: a partner whose
 * cross-references changed, not ranked itself). Endpoints by element id, read
 * with the entity state: an index seek on id for each of 100k rows was a good
 * part of writing them.
 */
export const WRITE_RUN_LISTS = `
UNWIND $rows AS row
MATCH (e:Entity) WHERE elementId(e) = row.eid AND coalesce(e.status, 'active') <> 'merged'
SET e.candidateIds = row.candidateIds, e.candidateKinds = row.candidateKinds, e.candidateNumbers = row.candidateNumbers
WITH e, row WHERE row.hash IS NOT NULL
SET e.candidatesHash = row.hash, e.candidatesEdges = row.edges
REMOVE e.candidatesStale`;

/**
 * The change log: one (:QueueChange) per transaction that changed lists, with
 * a sequence number taken from the one (:QueueLog) node (so concurrent writers
 * are ordered) and the entities whose lists changed (null: all of them). The
 * log's epoch, made when the node is, tells a wiped and refilled database
 * from the one a reader last saw at the same sequence number.
 */
export const LOG_CHANGE = `
MERGE (q:QueueLog {id: 'candidates'})
ON CREATE SET q.epoch = randomUUID()
SET q.seq = coalesce(q.seq, 0) + 1
CREATE (:QueueChange {seq: q.seq, ids: $ids, at: datetime()})
WITH q
OPTIONAL MATCH (old:QueueChange) WHERE old.seq <= q.seq - $keep
DELETE old`;
/** Changes kept: a reader further behind reads every list again. */
export const KEEP_CHANGES = 2000;

export async function logChange(tx: WriteTx, ids: string[] | null): Promise<void> {
  await tx.run(LOG_CHANGE, { ids, keep: KEEP_CHANGES });
}

export const WRITE_MODEL = `
MERGE (m:CandidateModel {id: 'fusion'})
SET m.features = $features, m.mean = $mean, m.scale = $scale, m.weights = $weights, m.rows = $rows, m.positives = $positives,
    m.calibration = $calibration,
    m.report = $report, m.entities = $entities, m.edges = $edges, m.fittedAt = datetime()`;

export const READ_MODEL = `
MATCH (m:CandidateModel {id: 'fusion'})
RETURN m.features AS features, m.mean AS mean, m.scale AS scale, m.weights AS weights, m.rows AS rows, m.calibration AS calibration,
       m.positives AS positives, m.report AS report, m.entities AS entities, m.edges AS edges, toString(m.fittedAt) AS fittedAt`;

export interface StoredModel {
  model: FusionModel;
  /** The fit's report (JSON), the corpus size it was fitted on, when. */
  report: string | null;
  entities: number;
  edges: number;
  fittedAt: string;
}

export async function readModel(): Promise<StoredModel | null> {
  const [r] = await readQuery(READ_MODEL);
  if (!r || !Array.isArray(r.features)) return null;
  const nums = (v: unknown) => (Array.isArray(v) ? v.map(Number) : []);
  return {
    model: {
      features: r.features.map(String), mean: nums(r.mean), scale: nums(r.scale), weights: nums(r.weights),
      rows: toCount(r.rows), positives: toCount(r.positives),
      ...(Array.isArray(r.calibration) ? { calibration: [Number(r.calibration[0]), Number(r.calibration[1])] as [number, number] } : {}),
    },
    report: r.report == null ? null : String(r.report),
    entities: toCount(r.entities),
    edges: toCount(r.edges),
    fittedAt: String(r.fittedAt),
  };
}

export interface ListWrite {
  lists: Map<string, StoredList>;
  /** Element ids of the entities written (read with the run's entity state). */
  eids: Map<string, string>;
  /** Whether every list was written (readers reload all of them). */
  all: boolean;
  /** Entities ranked by this run, with the text and neighbour hashes they were ranked with. */
  ranked: Map<string, { hash: string; edges: string }>;
  model: StoredModel | null;
  /** ISO time the run read the graph: decisions committed since then are respected. */
  since: string;
}

/**
 * Writes a run's lists in ONE transaction (readers see the lists from before
 * the run or after it; a killed run writes nothing, and its marks stay for
 * the next). Pairs decided while the run ranked are dropped first.
 */
export async function writeLists(w: ListWrite, batchSize = 2000): Promise<number> {
  return inWriteTransaction(async (tx) => {
    const rows: Record<string, unknown>[] = [];
    for (const [id, list] of w.lists) {
      const eid = w.eids.get(id);
      if (eid === undefined) throw new Error(`entity ${id} was not read at the start of the run`);
      const state = w.ranked.get(id);
      rows.push({ eid, ...toColumns(list), hash: state?.hash ?? null, edges: state?.edges ?? null });
    }
    const pipe = pipeline(tx);
    for (let i = 0; i < rows.length; i += batchSize) await pipe.push(WRITE_RUN_LISTS, { rows: rows.slice(i, i + batchSize) }, () => {});
    await pipe.drain();
    // Decisions committed while the run ranked. Read only now that this transaction holds the
    // write locks on every list it wrote: a decision that committed before is seen here, and one
    // that commits after waits for these locks and then takes its pair off the written lists itself.
    const decided = new Set<string>();
    const merged = new Set<string>();
    for (const r of await tx.run(DECIDED_SINCE, { since: w.since })) {
      if (r.b === null) merged.add(String(r.a));
      else {
        decided.add(`${r.a}|${r.b}`);
        decided.add(`${r.b}|${r.a}`);
      }
    }
    const fixed: Record<string, unknown>[] = [];
    for (const [id, list] of w.lists) {
      if (merged.has(id)) continue;
      const kept = list.filter((e) => !merged.has(e.id) && !decided.has(`${id}|${e.id}`));
      if (kept.length !== list.length) fixed.push({ id, ...toColumns(kept) });
    }
    if (fixed.length) await tx.run(WRITE_LISTS, { rows: fixed });
    await logChange(tx, w.all ? null : [...w.lists.keys()]);
    if (w.model) {
      const m = w.model.model;
      await tx.run(WRITE_MODEL, {
        features: m.features, mean: m.mean, scale: m.scale, weights: m.weights, rows: m.rows, positives: m.positives,
        calibration: m.calibration ?? null, report: w.model.report, entities: w.model.entities, edges: w.model.edges,
      });
    }
    return rows.length;
  });
}

export const LOCK_LISTS = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
SET e.candidatesStale = true
RETURN e.id AS id, ${LIST_COLUMNS("e")}`;

/**
 * Inside a curator's transaction: the pair leaves both entities' lists (and so
 * the queue) now, and both are marked to be ranked again (the next run fills
 * the gap). Locks both nodes, so a concurrent write of the lists waits.
 */
export async function dropPairFromLists(tx: WriteTx, a: string, b: string): Promise<void> {
  const rows: Row[] = await tx.run(LOCK_LISTS, { ids: [a, b] });
  const out = rows.map((r) => {
    const id = String(r.id);
    return { id, ...toColumns(withoutPartner(fromColumns(r), id === a ? b : a)) };
  });
  await tx.run(WRITE_LISTS, { rows: out });
  await logChange(tx, [a, b]);
}

/** Marks entities to be ranked again (an undo brings a pair back; a merge changed the survivor). */
export const MARK_STALE = "UNWIND $ids AS id MATCH (e:Entity {id: id}) SET e.candidatesStale = true";

/** Inside an undo that put lists back from a snapshot: marks the entities stale and logs the change. */
export async function listsRestored(tx: WriteTx, ids: string[]): Promise<void> {
  await tx.run(MARK_STALE, { ids });
  await logChange(tx, ids);
}

/** Inside a merge: the loser leaves every list that names it, and loses its own. */
export const DROP_ENTITY_LISTS = `
MATCH (l:Entity {id: $id})
REMOVE ${CANDIDATE_PROPERTIES.map((p) => `l.${p}`).join(", ")}`;

export async function dropEntityFromLists(tx: WriteTx, id: string, partners: string[]): Promise<void> {
  const rows: Row[] = await tx.run(LOCK_LISTS, { ids: partners });
  const out = rows.map((r) => ({ id: String(r.id), ...toColumns(withoutPartner(fromColumns(r), id)) }));
  if (out.length) await tx.run(WRITE_LISTS, { rows: out });
  await tx.run(DROP_ENTITY_LISTS, { id });
  await logChange(tx, [id, ...partners]);
}

/** The partners an entity's own list names (whose lists may name it back). */
export async function listPartners(tx: WriteTx, id: string): Promise<string[]> {
  const [r] = await tx.run("MATCH (e:Entity {id: $id}) RETURN coalesce(e.candidateIds, []) AS ids", { id });
  return Array.isArray(r?.ids) ? r.ids.map(String) : [];
}

