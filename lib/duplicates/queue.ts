// The duplicate queue as the /duplicates page and GET /api/duplicates show it:
// the query (validated with zod), 25 pairs a page, and the compare URL of a pair.
import { z } from "zod";
import { findDuplicateCandidates } from "./detect";
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

export async function listDuplicates(query: DuplicateQuery = {}): Promise<DuplicatePage> {
  const q = DuplicateQuerySchema.parse(query);
  const result = await findDuplicateCandidates({
    kind: q.kind ?? null,
    minScore: q.minScore,
    offset: (q.page - 1) * DUPLICATE_PAGE_SIZE,
    limit: DUPLICATE_PAGE_SIZE,
  });
  return {
    filters: { kind: q.kind ?? null, minScore: result.minScore, threshold: result.threshold },
    total: result.total,
    page: q.page,
    pages: Math.max(1, Math.ceil(result.total / DUPLICATE_PAGE_SIZE)),
    pageSize: DUPLICATE_PAGE_SIZE,
    candidates: result.candidates.map((c) => ({ ...c, compare: comparePath(c.a.id, c.b.id) })),
  };
}
