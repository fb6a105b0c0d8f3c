// POST /api/duplicates/undo {opId, target}: undoes merge or "not the same" `target`
// (the same undo as /api/candidates/undo: the last action on its pair, logged).
import { curationPost } from "@/app/api/curation";
import { undoOperation } from "@/lib/curation/write";
import type { UndoInput } from "@/lib/curation/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return curationPost(request, (token, body) => undoOperation({ token }, body as UndoInput));
}
