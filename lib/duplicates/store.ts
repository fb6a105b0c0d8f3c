// Duplicate curation's Neo4j side, shared by merge, "not the same" and undo:
// locking and reading the pair and both entities with typed properties,
// recreating snapshot edges, and the curated state a fingerprint is taken of.
// Every function runs inside the caller's write transaction.
import type { WriteTx } from "../neo4j/driver";
import { conflict } from "../auth/errors";
import { loadVocabulary, relationKeyOfType } from "../vocabulary";
import type { CuratedState, MergeSide, SnapshotEdge, TypedProps } from "./plan";
import { fromTypedProps, toTypedProps, typedPropsCypher } from "./snapshot";

/** Serialises every curation write on the pair; returns the decision as it was, typed. */
export const LOCK_DUPLICATE_PAIR = `
MERGE (d:Decision {pair: $pair})
ON CREATE SET d.a = $a, d.b = $b
SET d.version = coalesce(d.version, 0) + 1
RETURN d.state AS state, d.sameness AS sameness, d.by AS by, toString(d.at) AS at, d.lastOp AS lastOp,
       [k IN ['sameness', 'by', 'at'] WHERE d[k] IS NOT NULL | {k: k, v: d[k], t: valueType(d[k])}] AS props`;

export interface LockedPair {
  state: string | null;
  sameness: string | null;
  by: string | null;
  at: string | null;
  lastOp: string | null;
  props: TypedProps;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export async function lockPair(tx: WriteTx, pair: [string, string]): Promise<LockedPair> {
  const [row] = await tx.run(LOCK_DUPLICATE_PAIR, { pair: `${pair[0]}|${pair[1]}`, a: pair[0], b: pair[1] });
  return {
    state: str(row?.state), sameness: str(row?.sameness), by: str(row?.by), at: str(row?.at), lastOp: str(row?.lastOp),
    props: toTypedProps(row?.props).props,
  };
}

/** Restores the decision's verdict fields (sameness, by, at) as they were; nothing is undoable after. */
export const RESTORE_DECISION = `
MATCH (d:Decision {pair: $pair})
SET d.sameness = $props.sameness, d.by = $props.by, d.at = $props.at, d.lastOp = null`;

export async function restoreDecision(tx: WriteTx, pair: [string, string], props: TypedProps): Promise<void> {
  const values = fromTypedProps(props);
  await tx.run(RESTORE_DECISION, { pair: `${pair[0]}|${pair[1]}`, props: { sameness: values.sameness ?? null, by: values.by ?? null, at: values.at ?? null } });
}

/** Takes the entity's write lock (a no-op write) and reads it with typed properties. */
export const LOCK_ENTITY = `
MATCH (e:Entity {id: $id})
SET e.id = e.id
RETURN e.id AS id, e.kind AS kind, e.name AS name, e.aliases AS aliases, e.status AS status, e.mergedInto AS mergedInto,
       ${typedPropsCypher("e")} AS props`;

export interface LockedEntity extends MergeSide {
  props: TypedProps;
}

/** Locks the entities in id order (so two writers never wait on each other crosswise); null for a missing id. */
export async function lockEntities(tx: WriteTx, ids: string[]): Promise<Map<string, LockedEntity | null>> {
  const out = new Map<string, LockedEntity | null>();
  for (const id of [...ids].sort()) {
    const [row] = await tx.run(LOCK_ENTITY, { id });
    if (!row) {
      out.set(id, null);
      continue;
    }
    const { props, unsupported } = toTypedProps(row.props);
    if (unsupported.length) {
      throw conflict(`${id} has properties of a type an undo snapshot cannot keep (${unsupported.join(", ")}); nothing was changed.`);
    }
    out.set(id, {
      id, kind: String(row.kind), name: String(row.name),
      aliases: Array.isArray(row.aliases) ? row.aliases.map(String) : [],
      status: str(row.status), mergedInto: str(row.mergedInto), props,
    });
  }
  return out;
}

/** Typed or similarity edges of one entity, each with its typed properties. */
export const edgesOf = (similarity: boolean) => `
MATCH (e:Entity {id: $id})-[r]-(o:Entity)
WHERE ${similarity ? "r:SIMILAR_TO" : "NOT r:SIMILAR_TO"}
RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, ${typedPropsCypher("r")} AS props
ORDER BY type, source, target`;

function toEdges(rows: Record<string, unknown>[]): SnapshotEdge[] {
  return rows.map((r) => {
    const { props, unsupported } = toTypedProps(r.props);
    if (unsupported.length) throw conflict(`An edge ${String(r.source)} -${String(r.type)}-> ${String(r.target)} has properties an undo snapshot cannot keep (${unsupported.join(", ")}); nothing was changed.`);
    return { type: String(r.type), source: String(r.source), target: String(r.target), props };
  });
}

export async function readEdges(tx: WriteTx, id: string, similarity: boolean): Promise<SnapshotEdge[]> {
  return toEdges(await tx.run(edgesOf(similarity), { id }));
}

/** The survivor's typed edges to a set of entities (the only ones a re-pointed edge can duplicate). */
export const TYPED_EDGES_TOWARDS = `
MATCH (e:Entity {id: $id})-[r]-(o:Entity)
WHERE NOT r:SIMILAR_TO AND o.id IN $others
RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target`;

export async function typedEdgesTowards(tx: WriteTx, id: string, others: string[]): Promise<Pick<SnapshotEdge, "type" | "source" | "target">[]> {
  if (others.length === 0) return [];
  const rows = await tx.run(TYPED_EDGES_TOWARDS, { id, others });
  return rows.map((r) => ({ type: String(r.type), source: String(r.source), target: String(r.target) }));
}

export const DELETE_EDGES_OF = (similarity: boolean) => `
MATCH (e:Entity {id: $id})-[r]-(:Entity)
WHERE ${similarity ? "r:SIMILAR_TO" : "NOT r:SIMILAR_TO"}
DELETE r`;

/** A relationship type from a snapshot: one of the vocabulary's, or SIMILAR_TO; never anything else. */
export function checkedType(type: string): string {
  if (type === "SIMILAR_TO" || relationKeyOfType(loadVocabulary(), type) !== null) return type;
  throw conflict(`The relationship type ${JSON.stringify(type)} is not in the vocabulary; nothing was changed.`);
}

/** Creates edges with their original properties; the type is spliced in only after checkedType. */
export const createSnapshotEdges = (type: string) => `
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
CREATE (a)-[r:\`${checkedType(type)}\`]->(b)
SET r = row.props
RETURN count(r) AS created`;

/** Deletes one edge per row (type, source, target): the one a merge created. */
export const deleteOneEdge = (type: string) => `
UNWIND $rows AS row
CALL (row) {
  MATCH (:Entity {id: row.source})-[r:\`${checkedType(type)}\`]->(:Entity {id: row.target})
  WITH r LIMIT 1
  DELETE r
  RETURN count(*) AS deleted
}
RETURN sum(deleted) AS deleted`;

function byType(edges: SnapshotEdge[]): Map<string, SnapshotEdge[]> {
  const groups = new Map<string, SnapshotEdge[]>();
  for (const e of edges) groups.set(e.type, [...(groups.get(e.type) ?? []), e]);
  return groups;
}

export async function createEdges(tx: WriteTx, edges: SnapshotEdge[]): Promise<void> {
  for (const [type, list] of byType(edges)) {
    const rows = list.map((e) => ({ source: e.source, target: e.target, props: fromTypedProps(e.props) }));
    await tx.run(createSnapshotEdges(type), { rows });
  }
}

export async function deleteEdges(tx: WriteTx, edges: SnapshotEdge[]): Promise<number> {
  let deleted = 0;
  for (const [type, list] of byType(edges)) {
    const [row] = await tx.run(deleteOneEdge(type), { rows: list.map((e) => ({ source: e.source, target: e.target })) });
    deleted += Number(row?.deleted ?? 0);
  }
  return deleted;
}

/** The curated state of an entity (properties, typed edges): what its fingerprint covers. */
export const CURATED_STATE = `
MATCH (e:Entity {id: $id})
RETURN ${typedPropsCypher("e")} AS props,
       [(e)-[r]-(o:Entity) WHERE NOT r:SIMILAR_TO |
          {type: type(r), source: startNode(r).id, target: endNode(r).id, props: ${typedPropsCypher("r")}}] AS edges`;

export async function curatedState(tx: WriteTx, id: string): Promise<CuratedState> {
  const [row] = await tx.run(CURATED_STATE, { id });
  return {
    id,
    props: toTypedProps(row?.props).props,
    edges: ((row?.edges ?? []) as Record<string, unknown>[]).map((e) => ({
      type: String(e.type), source: String(e.source), target: String(e.target), props: toTypedProps(e.props).props,
    })),
  };
}

/**
 * Puts an entity's properties back exactly: `SET e = $props` removes what the
 * snapshot did not have; the embedding is written as a float vector, as the
 * similarity run writes it, so the vector index takes it again.
 */
export const RESTORE_ENTITY = `
MATCH (e:Entity {id: $id})
SET e = $props
WITH e
CALL (e) {
  WITH e WHERE $embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(e, 'embedding', $embedding)
}
RETURN e.id AS id`;

export async function restoreEntity(tx: WriteTx, id: string, props: TypedProps): Promise<void> {
  const embedding = props.embedding && Array.isArray(props.embedding.v) ? props.embedding.v.map(Number) : null;
  await tx.run(RESTORE_ENTITY, { id, props: fromTypedProps(props, new Set(["embedding"])), embedding });
}

/** Entities merged earlier into `id` (redirects that must follow it). */
export const REDIRECTS_TO = `
MATCH (r:Entity {mergedInto: $id})
WHERE r.status = 'merged'
SET r.mergedInto = r.mergedInto
RETURN r.id AS id ORDER BY id`;

export async function redirectsTo(tx: WriteTx, id: string): Promise<string[]> {
  return (await tx.run(REDIRECTS_TO, { id })).map((r) => String(r.id));
}

export const REPOINT_REDIRECTS = `
UNWIND $ids AS id
MATCH (r:Entity {id: id})
WHERE r.mergedInto = $from
SET r.mergedInto = $to`;
