// POST /api/candidates/accept {opId, source, relation, target, note?}: adds the typed edge.
import { curationPost } from "@/app/api/curation";
import { acceptCandidate } from "@/lib/curation/write";
import type { AcceptInput } from "@/lib/curation/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  // lib/curation validates the body (zod) and authorizes the session in the write's transaction.
  return curationPost(request, (token, body) => acceptCandidate({ token }, body as AcceptInput));
}
