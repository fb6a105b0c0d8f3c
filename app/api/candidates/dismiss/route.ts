// POST /api/candidates/dismiss {opId, a, b}: records the pair as not related.
import { curationPost } from "@/app/api/curation";
import { dismissCandidate } from "@/lib/curation/write";
import type { PairInput } from "@/lib/curation/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return curationPost(request, (token, body) => dismissCandidate({ token }, body as PairInput));
}
