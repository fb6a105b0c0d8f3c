// GET /api/candidates?kindA=&kindB=&minScore=&page=: the candidate queue as JSON.
import { listCandidates, CandidateQuerySchema } from "@/lib/curation/candidates";
import { fromException, jsonError } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = CandidateQuerySchema.safeParse(params);
  if (!query.success) return jsonError(400, "Invalid query", query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  try {
    return Response.json(await listCandidates(query.data));
  } catch (err) {
    return fromException(err);
  }
}
