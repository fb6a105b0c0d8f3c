// POST /api/candidates/undo {opId, target}: undoes operation `target` if it is the last on its pair.
import { curationPost } from "@/app/api/curation";
import { undoOperation } from "@/lib/curation/write";
import type { UndoInput } from "@/lib/curation/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return curationPost(request, (token, body) => undoOperation({ token }, body as UndoInput));
}
