// GET /api/activity?curator=&action=&entity=&page=: the audit log as JSON.
import { ActivityQuerySchema, listActivity } from "@/lib/curation/activity";
import { answerQuery } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return answerQuery(request, ActivityQuerySchema, listActivity);
}
