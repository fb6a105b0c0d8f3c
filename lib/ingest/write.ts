// Writes a validated ingest input into Neo4j in ONE transaction: batched
// `UNWIND … MERGE` statements with parameters only. If the run fails or the
// process is killed, the transaction never commits and the graph is exactly as
// it was. Relationship types come from the vocabulary, never from raw rows.
import { createHash } from "node:crypto";
import { inWriteTransaction, type Row, type WriteTx } from "../neo4j/driver";
import { pipeline } from "../neo4j/pipeline";
import { invalidateAllRankings } from "../entities/rankings";
import { toCount } from "../neo4j/ints";
import { relationType, type Vocabulary } from "../vocabulary";
import { loadRedirects } from "../duplicates/redirects";
import { mergedAliases } from "../duplicates/plan";
import { remapRows, type RemapReport } from "./remap";
import type { EdgeRow, EntityRow, SimilarityRow } from "./rows";

export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface WriteSummary {
  entities: Record<string, ChangeCounts>;
  edges: Record<string, ChangeCounts>;
  similarity: ChangeCounts;
  /** Rows naming merged entities, mapped to their survivors (see remap.ts). */
  redirected: RemapReport;
}

export interface WriteInput {
  entities: EntityRow[];
  edges: EdgeRow[];
  similarities: SimilarityRow[];
}

export interface WriteOptions {
  batchSize: number;
  onProgress?: (rowsDone: number, phase: string) => void;
}

const ENTITY_FIELDS = [
  "kind", "name", "description", "aliases", "status", "mergedInto", "year", "url",
  "authors", "venue", "doi", "arxiv", "tldr", "takeaways",
] as const;

/** The properties an entity row sets: every field, null where absent (so a removed field is removed). */
export function entityProps(row: EntityRow): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const field of ENTITY_FIELDS) props[field] = row[field] ?? null;
  props.status = row.status ?? "active";
  return props;
}

export function entityHash(props: Record<string, unknown>): string {
  return createHash("sha1").update(JSON.stringify(props)).digest("base64url");
}

export const ANY_ENTITY = "MATCH (e:Entity) WITH e LIMIT 1 RETURN count(e) AS n";

/** Hashes of the entities that already exist, read inside the write transaction. */
export const EXISTING_HASHES = "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id, e.ingestHash AS hash";

/** Every property a created entity can carry; the only keys ever spliced into createEntities. */
const CREATED_FIELDS = ["id", "ingestHash", ...ENTITY_FIELDS] as const;
type CreatedField = (typeof CREATED_FIELDS)[number];

/**
 * New entities, sent column-wise: one list per property instead of one map per
 * row. The driver then encodes each key once per batch rather than once per
 * row, which roughly halves the cost of moving the rows to the server. Only the
 * columns present in a batch are sent; keys come from CREATED_FIELDS, never
 * from input. A null in a column leaves that property unset.
 */
export const createEntities = (fields: readonly CreatedField[]) => `
UNWIND range(0, size($c.id) - 1) AS i
CREATE (e:Entity {${fields.map((f) => `${f}: $c.${f}[i]`).join(", ")}})`;

/** The columns of a batch of new entities: only the fields some row has. */
export function entityColumns(batch: { id: string; hash: string; props: Record<string, unknown> }[]) {
  const columns: Partial<Record<CreatedField, unknown[]>> = { id: batch.map((e) => e.id), ingestHash: batch.map((e) => e.hash) };
  for (const field of ENTITY_FIELDS) {
    if (batch.some((e) => e.props[field] !== null)) columns[field] = batch.map((e) => e.props[field]);
  }
  const fields = CREATED_FIELDS.filter((f) => columns[f] !== undefined);
  return { cypher: createEntities(fields), params: { c: columns } };
}

export const UPDATE_ENTITIES = `
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e += row.props, e.ingestHash = row.hash`;

/** Edges with an endpoint created in this run cannot exist yet: plain CREATE, no existence check. */
export const createEdges = (type: string) => `
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
CREATE (a)-[r:\`${type}\`]->(b)
SET r.origin = 'ingest', r.note = row.note`;

export const CREATE_SIMILARITY = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.a})
MATCH (b:Entity {id: row.b})
CREATE (a)-[s:SIMILAR_TO]->(b)
SET s.score = row.score, s.method = row.method`;

/** Typed edges of one relationship type; the type is spliced in from the vocabulary only. */
export const upsertEdges = (type: string) => `
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:\`${type}\`]->(b)
WITH r, row, r.origin AS before, r.note AS beforeNote
FOREACH (_ IN CASE WHEN before IS NULL OR coalesce(beforeNote, '') <> coalesce(row.note, '') THEN [1] ELSE [] END |
  SET r.origin = coalesce(before, 'ingest'), r.note = row.note)
RETURN $relation AS key,
       sum(CASE WHEN before IS NULL THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN before IS NOT NULL AND coalesce(beforeNote, '') <> coalesce(row.note, '') THEN 1 ELSE 0 END) AS updated,
       count(*) AS total`;

/**
 * Similarity pairs, stored once per unordered pair from the smaller id to the larger.
 * A pair the similarity engine computed becomes a provided one (computedAt removed),
 * so later similarity runs never rescore or delete it.
 */
export const UPSERT_SIMILARITY = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.a})
MATCH (b:Entity {id: row.b})
MERGE (a)-[s:SIMILAR_TO]->(b)
WITH s, row, s.score AS before, s.method AS beforeMethod
FOREACH (_ IN CASE WHEN before IS NULL OR before <> row.score OR beforeMethod <> row.method OR s.computedAt IS NOT NULL THEN [1] ELSE [] END |
  SET s.score = row.score, s.method = row.method, s.computedAt = null)
RETURN 'similarity' AS key,
       sum(CASE WHEN before IS NULL THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN before IS NOT NULL AND (before <> row.score OR beforeMethod <> row.method) THEN 1 ELSE 0 END) AS updated,
       count(*) AS total`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function add(into: Record<string, ChangeCounts>, key: string, created: number, updated: number, total: number) {
  const c = (into[key] ??= { created: 0, updated: 0, unchanged: 0 });
  c.created += created;
  c.updated += updated;
  c.unchanged += total - created - updated;
}

export function similarityParam(row: SimilarityRow) {
  const [a, b] = row.a < row.b ? [row.a, row.b] : [row.b, row.a];
  return { a, b, score: row.score, method: row.method ?? "provided" };
}


/** Writes everything in one transaction and returns what changed. */
export async function writeInput(original: WriteInput, vocab: Vocabulary, opts: WriteOptions): Promise<WriteSummary> {
  return inWriteTransaction(async (tx: WriteTx) => {
    // Rows naming merged entities go to their survivors; the redirect map is read in
    // this transaction, so a merge committing meanwhile cannot be overwritten.
    const redirects = await loadRedirects(tx);
    const input = remapRows(original, redirects);
    // The hash is of the row as given, so an unchanged row stays unchanged after a merge;
    // a changed survivor row keeps the names its merges added to its aliases.
    const entityParams = input.entities.map((row) => {
      const props = entityProps(row);
      const hash = entityHash(props);
      const extra = input.extraAliases.get(row.id);
      if (extra?.length) props.aliases = mergedAliases({ name: row.name, aliases: row.aliases ?? [] }, { name: "", aliases: extra });
      return { id: row.id, kind: row.kind, props, hash };
    });
    // A retried transaction starts over, so the summary does too.
    const summary: WriteSummary = {
      entities: {}, edges: {}, similarity: { created: 0, updated: 0, unchanged: 0 }, redirected: input.report,
    };
    const sim: Record<string, ChangeCounts> = {};
    const pipe = pipeline(tx);
    let done = 0;
    const progress = (rows: number, phase: string) => {
      done += rows;
      opts.onProgress?.(done, phase);
    };
    /** Sends `rows` in batches; `counts` receives change-count rows from MERGE statements. */
    const send = async <T>(
      cypher: string | ((batch: T[]) => { cypher: string; params: Record<string, unknown> }),
      rows: T[],
      phase: string,
      extra: Record<string, unknown> = {},
      counts?: Record<string, ChangeCounts>,
    ) => {
      for (const batch of chunks(rows, opts.batchSize)) {
        const q = typeof cypher === "string" ? { cypher, params: { rows: batch, ...extra } } : cypher(batch);
        await pipe.push(q.cypher, q.params, (result) => {
          if (counts) for (const r of result) add(counts, String(r.key), toCount(r.created), toCount(r.updated), toCount(r.total));
          progress(batch.length, phase);
        });
      }
    };

    // Entities: compare with what is there, then create the new, update the changed, skip the rest.
    const existing = new Map<string, string | null>();
    // An empty graph (a first load) has nothing to compare with: skip the lookups.
    const [any] = await tx.run(ANY_ENTITY);
    const empty = toCount(any?.n) === 0;
    for (const batch of empty ? [] : chunks(entityParams.map((e) => e.id), 10_000)) {
      for (const r of await tx.run(EXISTING_HASHES, { ids: batch })) existing.set(String(r.id), r.hash === null ? null : String(r.hash));
    }
    const created: typeof entityParams = [];
    const updated: typeof entityParams = [];
    for (const e of entityParams) {
      const c = (summary.entities[e.kind] ??= { created: 0, updated: 0, unchanged: 0 });
      if (!existing.has(e.id)) {
        created.push(e);
        c.created++;
      } else if (existing.get(e.id) !== e.hash) {
        updated.push(e);
        c.updated++;
      } else c.unchanged++;
    }
    await send(entityColumns, created, "entities");
    await send(UPDATE_ENTITIES, updated, "entities");
    done += entityParams.length - created.length - updated.length;

    // Relationships with an endpoint created in this run cannot exist yet: plain CREATE.
    const isNew = new Set(created.map((e) => e.id));
    const edgesByRelation = new Map<string, { source: string; target: string; note: string | null }[]>();
    for (const e of input.edges) {
      const list = edgesByRelation.get(e.relation) ?? [];
      list.push({ source: e.source, target: e.target, note: e.note ?? null });
      edgesByRelation.set(e.relation, list);
    }
    for (const [relation, rows] of edgesByRelation) {
      const type = relationType(vocab, relation);
      const fresh = rows.filter((r) => isNew.has(r.source) || isNew.has(r.target));
      const rest = rows.filter((r) => !isNew.has(r.source) && !isNew.has(r.target));
      add(summary.edges, relation, fresh.length, 0, fresh.length);
      await send(createEdges(type), fresh, `edges (${relation})`);
      await send(upsertEdges(type), rest, `edges (${relation})`, { relation }, summary.edges);
    }

    const simParams = input.similarities.map(similarityParam);
    const freshSims = simParams.filter((r) => isNew.has(r.a) || isNew.has(r.b));
    const restSims = simParams.filter((r) => !isNew.has(r.a) && !isNew.has(r.b));
    add(sim, "similarity", freshSims.length, 0, freshSims.length);
    await send(CREATE_SIMILARITY, freshSims, "similarity");
    await send(UPSERT_SIMILARITY, restSims, "similarity", {}, sim);
    await pipe.drain();
    summary.similarity = sim.similarity ?? { created: 0, updated: 0, unchanged: 0 };
    // Stored neighbour rankings depend on typed edges and names: any change here may reorder them.
    const changed = (counts: Record<string, ChangeCounts>) => Object.values(counts).some((c) => c.created + c.updated > 0);
    if (changed(summary.entities) || changed(summary.edges)) await invalidateAllRankings(tx);
    opts.onProgress?.(done, "committing");
    return summary;
  });
}
