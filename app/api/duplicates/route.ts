// GET /api/duplicates?kind=&minScore=&page=: the duplicate queue as JSON.
import { DuplicateQuerySchema, listDuplicates } from "@/lib/duplicates/queue";
import { fromException, jsonError } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = DuplicateQuerySchema.safeParse(params);
  if (!query.success) return jsonError(400, "Invalid query", query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  try {
    return Response.json(await listDuplicates(query.data));
  } catch (err) {
    return fromException(err);
  }
}
