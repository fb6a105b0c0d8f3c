// GET /api/activity?curator=&action=&entity=&page=: the audit log as JSON.
import { ActivityQuerySchema, listActivity } from "@/lib/curation/activity";
import { fromException, jsonError } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = ActivityQuerySchema.safeParse(params);
  if (!query.success) return jsonError(400, "Invalid query", query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  try {
    return Response.json(await listActivity(query.data));
  } catch (err) {
    return fromException(err);
  }
}
