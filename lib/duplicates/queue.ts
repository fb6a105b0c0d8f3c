// The duplicate queue as the /duplicates page and GET /api/duplicates show it:
// the query (validated with zod), 25 pairs a page, and the compare URL of a pair.
// Detection reads the whole graph (seconds on 100k entities), so its ranked
// list is kept per graph version (Neo4j's bookmark, see lib/page-cache/version):
// paging and reloading are instant, and any committed write (a merge, an
// ingest) makes the next request detect again.
import { z } from "zod";
import { graphVersion } from "../page-cache/version";
import { findDuplicateCandidates, type DetectResult } from "./detect";
import type { DuplicateCandidate } from "./types";

export const DUPLICATE_PAGE_SIZE = 25;

export const DuplicateQuerySchema = z.object({
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, "not a kind")
    .optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});
export type DuplicateQuery = z.input<typeof DuplicateQuerySchema>;

export interface DuplicatePage {
  filters: { kind: string | null; minScore: number; threshold: number };
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  candidates: (DuplicateCandidate & { compare: string })[];
}

/** The side-by-side view of a pair (built by duplicate curation). */
export function comparePath(a: string, b: string): string {
  return `/duplicates/compare?${new URLSearchParams({ a, b })}`;
}

/** Ranked lists by "version|kind|minScore"; a few filters' worth, the oldest dropped first. */
const detected = new Map<string, Promise<DetectResult>>();
const KEPT_LISTS = 8;

async function rankedList(kind: string | null, minScore: number | undefined): Promise<DetectResult> {
  const key = `${await graphVersion()}|${kind ?? ""}|${minScore ?? ""}`;
  let list = detected.get(key);
  if (!list) {
    list = findDuplicateCandidates({ kind, minScore });
    detected.set(key, list);
    list.catch(() => detected.delete(key)); // a failed detection is not remembered
    while (detected.size > KEPT_LISTS) detected.delete(detected.keys().next().value as string);
  }
  return list;
}

export async function listDuplicates(query: DuplicateQuery = {}): Promise<DuplicatePage> {
  const q = DuplicateQuerySchema.parse(query);
  const result = await rankedList(q.kind ?? null, q.minScore);
  const offset = (q.page - 1) * DUPLICATE_PAGE_SIZE;
  return {
    filters: { kind: q.kind ?? null, minScore: result.minScore, threshold: result.threshold },
    total: result.total,
    page: q.page,
    pages: Math.max(1, Math.ceil(result.total / DUPLICATE_PAGE_SIZE)),
    pageSize: DUPLICATE_PAGE_SIZE,
    candidates: result.candidates.slice(offset, offset + DUPLICATE_PAGE_SIZE).map((c) => ({ ...c, compare: comparePath(c.a.id, c.b.id) })),
  };
}
