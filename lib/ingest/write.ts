// Writes a validated ingest input into Neo4j in ONE transaction: batched
// `UNWIND … MERGE` statements with parameters only. If the run fails or the
// process is killed, the transaction never commits and the graph is exactly as
// it was. Relationship types come from the vocabulary, never from raw rows.
import { createHash } from "node:crypto";
import { inWriteTransaction, type WriteTx } from "../neo4j/driver";
import { toCount } from "../neo4j/ints";
import { relationType, type Vocabulary } from "../vocabulary";
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

/** New entities get their whole property map at once (id and ingestHash included, no nulls). */
export const CREATE_ENTITIES = `
UNWIND $rows AS row
CREATE (e:Entity)
SET e = row`;

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

/** Similarity pairs, stored once per unordered pair from the smaller id to the larger. */
export const UPSERT_SIMILARITY = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.a})
MATCH (b:Entity {id: row.b})
MERGE (a)-[s:SIMILAR_TO]->(b)
WITH s, row, s.score AS before, s.method AS beforeMethod
FOREACH (_ IN CASE WHEN before IS NULL OR before <> row.score OR beforeMethod <> row.method THEN [1] ELSE [] END |
  SET s.score = row.score, s.method = row.method)
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
export async function writeInput(input: WriteInput, vocab: Vocabulary, opts: WriteOptions): Promise<WriteSummary> {
  const entityParams = input.entities.map((row) => {
    const props = entityProps(row);
    return { id: row.id, kind: row.kind, props, hash: entityHash(props) };
  });
  const edgesByRelation = new Map<string, { source: string; target: string; note: string | null }[]>();
  for (const e of input.edges) {
    const list = edgesByRelation.get(e.relation) ?? [];
    list.push({ source: e.source, target: e.target, note: e.note ?? null });
    edgesByRelation.set(e.relation, list);
  }
  const simParams = input.similarities.map(similarityParam);

  return inWriteTransaction(async (tx: WriteTx) => {
    // A retried transaction starts over, so the summary does too.
    const summary: WriteSummary = { entities: {}, edges: {}, similarity: { created: 0, updated: 0, unchanged: 0 } };
    let done = 0;
    const step = async (cypher: string, rows: unknown[], extra: Record<string, unknown>, phase: string, counted = rows.length) => {
      for (const batch of chunks(rows, opts.batchSize)) await tx.run(cypher, { rows: batch, ...extra });
      done += counted;
      if (counted > 0) opts.onProgress?.(done, phase);
    };
    const merge = async (cypher: string, rows: unknown[], extra: Record<string, unknown>, into: Record<string, ChangeCounts>, phase: string) => {
      for (const batch of chunks(rows, opts.batchSize)) {
        for (const r of await tx.run(cypher, { rows: batch, ...extra })) {
          add(into, String(r.key), toCount(r.created), toCount(r.updated), toCount(r.total));
        }
        done += batch.length;
        opts.onProgress?.(done, phase);
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
    const compact = (e: (typeof entityParams)[number]) => {
      const row: Record<string, unknown> = { id: e.id, ingestHash: e.hash };
      for (const [k, v] of Object.entries(e.props)) if (v !== null) row[k] = v;
      return row;
    };
    for (const batch of chunks(created, opts.batchSize)) {
      await tx.run(CREATE_ENTITIES, { rows: batch.map(compact) });
      done += batch.length;
      opts.onProgress?.(done, "entities");
    }
    await step(UPDATE_ENTITIES, updated, {}, "entities");
    done += entityParams.length - created.length - updated.length;

    const isNew = new Set(created.map((e) => e.id));
    for (const [relation, rows] of edgesByRelation) {
      const type = relationType(vocab, relation);
      const fresh = rows.filter((r) => isNew.has(r.source) || isNew.has(r.target));
      const rest = rows.filter((r) => !isNew.has(r.source) && !isNew.has(r.target));
      for (const batch of chunks(fresh, opts.batchSize)) {
        await tx.run(createEdges(type), { rows: batch });
        done += batch.length;
        opts.onProgress?.(done, `edges (${relation})`);
      }
      add(summary.edges, relation, fresh.length, 0, fresh.length);
      await merge(upsertEdges(type), rest, { relation }, summary.edges, `edges (${relation})`);
    }

    const freshSims = simParams.filter((r) => isNew.has(r.a) || isNew.has(r.b));
    const restSims = simParams.filter((r) => !isNew.has(r.a) && !isNew.has(r.b));
    for (const batch of chunks(freshSims, opts.batchSize)) {
      await tx.run(CREATE_SIMILARITY, { rows: batch });
      done += batch.length;
      opts.onProgress?.(done, "similarity");
    }
    const sim: Record<string, ChangeCounts> = { similarity: { created: freshSims.length, updated: 0, unchanged: 0 } };
    await merge(UPSERT_SIMILARITY, restSims, {}, sim, "similarity");
    summary.similarity = sim.similarity as ChangeCounts;
    opts.onProgress?.(done, "committing");
    return summary;
  });
}
