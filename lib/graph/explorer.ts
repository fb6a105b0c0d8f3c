// Data for the graph explorer (/graph): a filtered part of the whole graph,
// up to a node limit, as plain arrays. Filters: kinds, relations, similarity
// edges on/off with a minimum score, minimum degree, and an ego network
// (depth 1–3 around an entity). Relation types come from the vocabulary only.
import { z } from "zod";
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { loadVocabulary, relationType } from "../vocabulary";
import { ID_PATTERN } from "../ingest/rows";

export const MAX_EXPLORER_NODES = 20_000;

const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined));

export const ExplorerFiltersSchema = z.object({
  kinds: csv,
  relations: csv,
  similarity: z
    .enum(["on", "off"])
    .optional()
    .transform((v) => v !== "off"),
  minScore: z.coerce.number().min(0).max(1).optional().default(0.65),
  minDegree: z.coerce.number().int().min(0).max(1_000_000).optional().default(0),
  ego: z.string().regex(ID_PATTERN, "not an entity id").optional(),
  depth: z.coerce.number().int().min(1).max(3).optional().default(1),
  limit: z.coerce.number().int().min(1).max(MAX_EXPLORER_NODES).optional().default(2000),
  community: z.coerce.number().int().min(0).optional(),
});

export type ExplorerFilters = z.output<typeof ExplorerFiltersSchema>;

export interface ExplorerNode {
  id: string;
  name: string;
  kind: string;
  degree: number;
}

export interface ExplorerEdge {
  source: string;
  target: string;
  /** Relation key for typed edges, null for similarity. */
  relation: string | null;
  score: number | null;
}

export interface ExplorerData {
  nodes: ExplorerNode[];
  edges: ExplorerEdge[];
  /** More nodes matched than the limit allowed. */
  truncated: boolean;
  filters: ExplorerFilters;
}

export class UnknownFilterValue extends Error {}

export const EXPLORER_NODES = `
MATCH (e:Entity)
WHERE ($kinds IS NULL OR e.kind IN $kinds) AND ($community IS NULL OR e.community = $community)
  AND coalesce(e.status, 'active') <> 'merged'
WITH e, COUNT { (e)--() } - COUNT { (e)-[:SIMILAR_TO]-() } AS degree
WHERE degree >= $minDegree
RETURN e.id AS id, e.name AS name, e.kind AS kind, degree
ORDER BY degree DESC, id
LIMIT $limit`;

export const EGO_STEP = `
UNWIND $frontier AS id
MATCH (a:Entity {id: id})-[r]-(b:Entity)
WHERE NOT r:SIMILAR_TO AND ($types IS NULL OR type(r) IN $types)
RETURN DISTINCT b.id AS id
LIMIT $limit`;

export const EXPLORER_NODE_DETAILS = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE ($kinds IS NULL OR e.kind IN $kinds) AND coalesce(e.status, 'active') <> 'merged'
WITH e, COUNT { (e)--() } - COUNT { (e)-[:SIMILAR_TO]-() } AS degree
WHERE degree >= $minDegree OR e.id = $ego
RETURN e.id AS id, e.name AS name, e.kind AS kind, degree`;

export const EXPLORER_EDGES = `
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE (r:SIMILAR_TO AND $similarity AND r.score >= $minScore)
   OR (NOT r:SIMILAR_TO AND ($types IS NULL OR type(r) IN $types))
RETURN a.id AS source, b.id AS target, type(r) AS type, r.score AS score`;

function node(r: Record<string, unknown>): ExplorerNode {
  return { id: String(r.id), name: String(r.name), kind: String(r.kind), degree: toCount(r.degree) };
}

export async function getExplorerGraph(filters: ExplorerFilters): Promise<ExplorerData> {
  const vocab = loadVocabulary();
  for (const k of filters.kinds ?? []) if (!vocab.kindByKey.has(k)) throw new UnknownFilterValue(`unknown kind "${k}"`);
  for (const r of filters.relations ?? []) if (!vocab.relationByKey.has(r)) throw new UnknownFilterValue(`unknown relation "${r}"`);
  const types = filters.relations ? filters.relations.map((r) => relationType(vocab, r)) : null;
  const kinds = filters.kinds ?? null;

  let nodes: ExplorerNode[];
  let truncated: boolean;
  if (filters.ego) {
    // Breadth-first, one hop per query, so a supernode never explodes a variable-length match.
    const seen = new Set([filters.ego]);
    let frontier = [filters.ego];
    truncated = false;
    for (let d = 0; d < filters.depth && frontier.length && !truncated; d++) {
      const rows = await readQuery(EGO_STEP, { frontier, types, limit: cypherInt(filters.limit * 2) });
      const next: string[] = [];
      for (const r of rows) {
        const id = String(r.id);
        if (seen.has(id)) continue;
        if (seen.size >= filters.limit) {
          truncated = true;
          break;
        }
        seen.add(id);
        next.push(id);
      }
      frontier = next;
    }
    const rows = await readQuery(EXPLORER_NODE_DETAILS, { ids: [...seen], kinds, minDegree: cypherInt(filters.minDegree), ego: filters.ego });
    nodes = rows.map(node);
  } else {
    const rows = await readQuery(EXPLORER_NODES, {
      kinds,
      community: filters.community === undefined ? null : cypherInt(filters.community),
      minDegree: cypherInt(filters.minDegree),
      limit: cypherInt(filters.limit + 1),
    });
    truncated = rows.length > filters.limit;
    nodes = rows.slice(0, filters.limit).map(node);
  }

  const ids = new Set(nodes.map((n) => n.id));
  const edges: ExplorerEdge[] = [];
  const list = [...ids];
  for (let i = 0; i < list.length; i += 5000) {
    const rows = await readQuery(EXPLORER_EDGES, {
      ids: list.slice(i, i + 5000),
      similarity: filters.similarity,
      minScore: filters.minScore,
      types,
    });
    for (const r of rows) {
      const target = String(r.target);
      if (!ids.has(target)) continue;
      const similarity = r.type === "SIMILAR_TO";
      edges.push({
        source: String(r.source),
        target,
        relation: similarity ? null : String(r.type).toLowerCase(),
        score: similarity ? Number(r.score) : null,
      });
    }
  }
  return { nodes, edges, truncated, filters };
}
