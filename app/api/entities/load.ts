// Shared by the entity JSON routes: validates the id and paging query, loads
// the page's data, and maps failures to responses.
import "server-only";
import { getEntityPage } from "@/lib/entities/query";
import { resolveRedirect } from "@/lib/duplicates/redirects";
import { entityPath } from "@/lib/paths";
import { decodeEntityId, EntityIdSchema, NeighbourhoodQuerySchema } from "@/lib/entities/params";
import type { EntityPage } from "@/lib/entities/types";
import { fromException, issueLines, jsonError } from "@/app/api/respond";

export async function loadEntityPage(request: Request, params: Promise<{ id: string }>): Promise<EntityPage | Response> {
  const { id: raw } = await params;
  const id = EntityIdSchema.safeParse(decodeEntityId(raw));
  if (!id.success) return jsonError(400, "Invalid entity id", id.error.issues.map((i) => i.message));
  const url = new URL(request.url);
  const query = NeighbourhoodQuerySchema.safeParse({
    group: url.searchParams.get("group") ?? undefined,
    page: url.searchParams.get("page") ?? undefined,
  });
  if (!query.success) return jsonError(400, "Invalid query", issueLines(query.error));
  try {
    const page = await getEntityPage(id.data, query.data);
    if (!page) return jsonError(404, `No entity with id "${id.data}"`);
    if (page.entity.status === "merged") {
      // A merged id answers 307 to the same request on its survivor (temporary: a merge can be undone).
      const target = await resolveRedirect(id.data);
      if (target) {
        const to = new URL(request.url);
        to.pathname = to.pathname.replace(/^\/api\/entities\/[^/]+/, `/api${entityPath(target.to)}`);
        return Response.json(
          { error: `${id.data} was merged into ${target.to}`, mergedInto: target.to, location: `${to.pathname}${to.search}` },
          { status: 307, headers: { location: `${to.pathname}${to.search}` } },
        );
      }
    }
    return page;
  } catch (err) {
    return fromException(err);
  }
}
