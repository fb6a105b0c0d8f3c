// GET /api/duplicates?kind=&minScore=&page=: the duplicate queue as JSON.
import { DuplicateQuerySchema, listDuplicates } from "@/lib/duplicates/queue";
import { answerQuery } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return answerQuery(request, DuplicateQuerySchema, listDuplicates);
}
