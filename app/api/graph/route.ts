// GET /api/graph?kinds=&relations=&similarity=on|off&minScore=&minDegree=&ego=&depth=&limit=
// A filtered part of the whole graph for the explorer.
import { ExplorerFiltersSchema, getExplorerGraph, UnknownFilterValue } from "@/lib/graph/explorer";
import { fromException, issueLines, jsonError } from "@/app/api/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = ExplorerFiltersSchema.safeParse(params);
  if (!filters.success) return jsonError(400, "Invalid filters", issueLines(filters.error));
  try {
    return Response.json(await getExplorerGraph(filters.data));
  } catch (err) {
    if (err instanceof UnknownFilterValue) return jsonError(400, `Invalid filters: ${err.message}`);
    return fromException(err);
  }
}
