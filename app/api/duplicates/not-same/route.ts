// POST /api/duplicates/not-same {opId, a, b}: records that the two are not the same.
import { curationPost } from "@/app/api/curation";
import { markNotSame } from "@/lib/duplicates/merge";
import type { PairInput } from "@/lib/curation/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  // lib/duplicates validates the body (zod: PairSchema) and authorizes the session in the write's transaction.
  return curationPost(request, (token, body) => markNotSame({ token }, body as PairInput));
}
