// POST /api/duplicates/merge {opId, survivor, loser}: the loser becomes a redirect to the survivor.
import { curationPost } from "@/app/api/curation";
import { mergeEntities } from "@/lib/duplicates/merge";
import type { MergeInput } from "@/lib/curation/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  // lib/duplicates validates the body (zod: MergeSchema) and authorizes the session in the merge's transaction.
  return curationPost(request, (token, body) => mergeEntities({ token }, body as MergeInput));
}
