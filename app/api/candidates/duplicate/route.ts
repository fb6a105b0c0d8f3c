// POST /api/candidates/duplicate {opId, a, b}: records a suspected duplicate (for duplicate curation).
import { curationPost } from "@/app/api/curation";
import { markDuplicate } from "@/lib/curation/write";
import type { PairInput } from "@/lib/curation/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return curationPost(request, (token, body) => markDuplicate({ token }, body as PairInput));
}
