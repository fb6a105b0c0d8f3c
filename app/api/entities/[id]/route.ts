// GET /api/entities/<id>: the entity page's data as JSON (same ranking and limits).
import { getEntityPage } from "@/lib/entities/query";
import { decodeEntityId, EntityIdSchema, NeighbourhoodQuerySchema } from "@/lib/entities/params";
import { fromException, jsonError } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = EntityIdSchema.safeParse(decodeEntityId(raw));
  if (!id.success) return jsonError(400, "Invalid entity id", id.error.issues.map((i) => i.message));
  const url = new URL(request.url);
  const query = NeighbourhoodQuerySchema.safeParse({
    group: url.searchParams.get("group") ?? undefined,
    page: url.searchParams.get("page") ?? undefined,
  });
  if (!query.success) return jsonError(400, "Invalid query", query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  try {
    const page = await getEntityPage(id.data, query.data);
    if (!page) return jsonError(404, `No entity with id "${id.data}"`);
    return Response.json(page);
  } catch (err) {
    return fromException(err);
  }
}
