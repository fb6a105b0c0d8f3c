// GET /api/entities/<id>/neighbourhood: the typed groups, bridges and
// similarity lists only (same ranking and limits as the page).
import { loadEntityPage } from "@/app/api/entities/load";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const page = await loadEntityPage(request, params);
  if (page instanceof Response) return page;
  const { groups, bridges, similar, restatedBy } = page;
  return Response.json({ id: page.entity.id, groups, bridges, similar, restatedBy });
}
