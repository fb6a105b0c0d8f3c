// GET /api/entities/<id>: the entity page's data as JSON (same ranking and limits).
import { loadEntityPage } from "@/app/api/entities/load";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const page = await loadEntityPage(request, params);
  return page instanceof Response ? page : Response.json(page);
}
