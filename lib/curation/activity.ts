// The audit log (/activity, GET /api/activity): every curation write, newest
// first, filterable by curator, action and entity, with whether each entry
// is still the last action on its pair (and so can be undone).
import { z } from "zod";
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { ID_PATTERN } from "../ingest/rows";
import { ACTIONS, type Action } from "./schemas";

export const ACTIVITY_PAGE_SIZE = 50;

export const ActivityQuerySchema = z.object({
  curator: z.string().trim().min(1).max(64).optional(),
  action: z.enum(ACTIONS).optional(),
  entity: z.string().regex(ID_PATTERN, "not an entity id").optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});
export type ActivityQuery = z.input<typeof ActivityQuerySchema>;

const MATCHING = `
MATCH (x:AuditEntry)
WHERE x.at IS NOT NULL
  AND ($curator IS NULL OR x.curator = $curator)
  AND ($action IS NULL OR x.action = $action)
  AND ($entity IS NULL OR x.a = $entity OR x.b = $entity)`;

export const COUNT_ACTIVITY = `${MATCHING} RETURN count(x) AS total`;

export const ACTIVITY_PAGE = `${MATCHING}
WITH x ORDER BY x.at DESC, x.opId SKIP $skip LIMIT $limit
OPTIONAL MATCH (ea:Entity {id: x.a})
OPTIONAL MATCH (eb:Entity {id: x.b})
OPTIONAL MATCH (d:Decision {pair: x.pair})
RETURN x.opId AS opId, x.curator AS curator, toString(x.at) AS at, x.action AS action, x.a AS a, x.b AS b,
       ea.name AS aName, eb.name AS bName, x.relation AS relation, x.note AS note, x.before AS before, x.after AS after,
       x.undoes AS undoes, x.undoneBy AS undoneBy,
       x.action <> 'undo' AND x.undoneBy IS NULL AND d.lastOp = x.opId AS undoable
ORDER BY x.at DESC, x.opId`;

export interface ActivityEntry {
  opId: string;
  curator: string;
  at: string;
  action: Action;
  a: { id: string; name: string | null };
  b: { id: string; name: string | null };
  relation: string | null;
  note: string | null;
  before: unknown;
  after: unknown;
  undoes: string | null;
  undoneBy: string | null;
  undoable: boolean;
}

export interface ActivityPage {
  filters: { curator: string | null; action: Action | null; entity: string | null };
  total: number;
  page: number;
  pages: number;
  entries: ActivityEntry[];
}

const json = (v: unknown): unknown => {
  try {
    return typeof v === "string" ? JSON.parse(v) : null;
  } catch {
    return null;
  }
};
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export async function listActivity(query: ActivityQuery = {}): Promise<ActivityPage> {
  const q = ActivityQuerySchema.parse(query);
  const params = { curator: q.curator ?? null, action: q.action ?? null, entity: q.entity ?? null };
  const [[count], rows] = await Promise.all([
    readQuery(COUNT_ACTIVITY, params),
    readQuery(ACTIVITY_PAGE, { ...params, skip: cypherInt((q.page - 1) * ACTIVITY_PAGE_SIZE), limit: cypherInt(ACTIVITY_PAGE_SIZE) }),
  ]);
  const total = toCount(count?.total);
  return {
    filters: params,
    total,
    page: q.page,
    pages: Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE)),
    entries: rows.map((r) => ({
      opId: String(r.opId),
      curator: String(r.curator),
      at: String(r.at),
      action: String(r.action) as Action,
      a: { id: String(r.a), name: str(r.aName) },
      b: { id: String(r.b), name: str(r.bName) },
      relation: str(r.relation),
      note: str(r.note),
      before: json(r.before),
      after: json(r.after),
      undoes: str(r.undoes),
      undoneBy: str(r.undoneBy),
      undoable: r.undoable === true,
    })),
  };
}
