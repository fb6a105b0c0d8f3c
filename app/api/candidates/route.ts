// GET /api/candidates?kindA=&kindB=&minScore=&page=: the candidate queue as JSON.
import { listCandidates, CandidateQuerySchema } from "@/lib/candidates/queue";
import { answerQuery } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return answerQuery(request, CandidateQuerySchema, listCandidates);
}
