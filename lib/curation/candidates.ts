// The candidate queue: every similarity pair at or above the threshold with no
// typed edge and no recorded decision, ranked by score, with Adamic–Adar over
// shared typed neighbours beside it. Filterable by kind pair and minimum
// score, paged. Pairs are grouped in Cypher, so a pair with several similarity
// edges (e.g. a provided and a computed score) appears once, at its best score.
import { z } from "zod";
import { readEnv } from "../config";
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { adamicAdar } from "./adamic-adar";
import { pairKeyCypher } from "./pairs";

export const CANDIDATE_PAGE_SIZE = 25;

const Kind = z.string().regex(/^[a-z][a-z0-9_]*$/, "not a kind").optional();

export const CandidateQuerySchema = z.object({
  kindA: Kind,
  kindB: Kind,
  minScore: z.coerce.number().min(0).max(1).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});
export type CandidateQuery = z.input<typeof CandidateQuerySchema>;

/** The open pairs, in rank order; the kind filter matches either orientation. */
const OPEN_PAIRS = `
MATCH (x:Entity)-[s:SIMILAR_TO]-(y:Entity)
WHERE x.id < y.id AND s.score >= $minScore
  AND ($kindA IS NULL OR $kindB IS NULL OR (x.kind = $kindA AND y.kind = $kindB) OR (x.kind = $kindB AND y.kind = $kindA))
  AND ($kindA IS NULL OR $kindB IS NOT NULL OR x.kind = $kindA OR y.kind = $kindA)
  AND ($kindB IS NULL OR $kindA IS NOT NULL OR x.kind = $kindB OR y.kind = $kindB)
WITH x, y, max(s.score) AS score
WHERE NOT EXISTS { MATCH (x)-[t]-(y) WHERE NOT t:SIMILAR_TO }
  AND NOT EXISTS { MATCH (d:Decision {pair: ${pairKeyCypher("x", "y")}}) WHERE d.state IS NOT NULL }`;

export const COUNT_CANDIDATES = `${OPEN_PAIRS}
RETURN count(*) AS total`;

/** Shared typed neighbours are found by intersecting the two neighbour lists (no expansion through hubs). */
export const CANDIDATE_PAGE = `${OPEN_PAIRS}
WITH x, y, score ORDER BY score DESC, x.id, y.id SKIP $skip LIMIT $limit
WITH x, y, score,
     [(x)-[r]-(n:Entity) WHERE NOT r:SIMILAR_TO | n] AS xn,
     [(y)-[r]-(n:Entity) WHERE NOT r:SIMILAR_TO | n] AS yn
WITH x, y, score, [n IN xn WHERE n IN yn AND n <> x AND n <> y] AS sharedList
UNWIND (CASE WHEN size(sharedList) = 0 THEN [null] ELSE sharedList END) AS z
WITH x, y, score, z
WITH x, y, score, collect(DISTINCT CASE WHEN z IS NULL THEN null ELSE
       {id: z.id, name: z.name, kind: z.kind, degree: COUNT { (z)--() } - COUNT { (z)-[:SIMILAR_TO]-() }} END) AS shared
RETURN x {.id, .kind, .name, .description} AS a, y {.id, .kind, .name, .description} AS b, score, shared
ORDER BY score DESC, a.id, b.id`;

export interface CandidateEntity {
  id: string;
  kind: string;
  name: string;
  description: string | null;
}

export interface Candidate {
  a: CandidateEntity;
  b: CandidateEntity;
  score: number;
  adamicAdar: number;
  shared: { id: string; name: string; kind: string; degree: number }[];
}

export interface CandidatePage {
  filters: { kindA: string | null; kindB: string | null; minScore: number; threshold: number };
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  candidates: Candidate[];
}

const entity = (v: unknown): CandidateEntity => {
  const o = v as Record<string, unknown>;
  return { id: String(o.id), kind: String(o.kind), name: String(o.name), description: o.description == null ? null : String(o.description) };
};

export async function listCandidates(query: CandidateQuery = {}): Promise<CandidatePage> {
  const q = CandidateQuerySchema.parse(query);
  const threshold = readEnv().SIMILARITY_THRESHOLD;
  // Never below the threshold: the queue is the similarity list of every entity, together.
  const minScore = Math.max(threshold, q.minScore ?? threshold);
  const params = { minScore, kindA: q.kindA ?? null, kindB: q.kindB ?? null };
  const [[count], rows] = await Promise.all([
    readQuery(COUNT_CANDIDATES, params),
    readQuery(CANDIDATE_PAGE, { ...params, skip: cypherInt((q.page - 1) * CANDIDATE_PAGE_SIZE), limit: cypherInt(CANDIDATE_PAGE_SIZE) }),
  ]);
  const total = toCount(count?.total);
  return {
    filters: { kindA: params.kindA, kindB: params.kindB, minScore, threshold },
    total,
    page: q.page,
    pages: Math.max(1, Math.ceil(total / CANDIDATE_PAGE_SIZE)),
    pageSize: CANDIDATE_PAGE_SIZE,
    candidates: rows.map((r) => {
      const shared = (Array.isArray(r.shared) ? r.shared : [])
        .filter((s) => s !== null)
        .map((s) => {
          const o = s as Record<string, unknown>;
          return { id: String(o.id), name: String(o.name), kind: String(o.kind), degree: toCount(o.degree) };
        })
        .sort((m, n) => m.degree - n.degree || m.name.localeCompare(n.name));
      return { a: entity(r.a), b: entity(r.b), score: Number(r.score), adamicAdar: adamicAdar(shared.map((s) => s.degree)), shared };
    }),
  };
}
