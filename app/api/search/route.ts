// GET /api/search?q=…&limit=…: full-text search as JSON.
import { z } from "zod";
import { searchEntities } from "@/lib/search";
import { fromException, issueLines, jsonError } from "@/app/api/respond";

export const dynamic = "force-dynamic";

const Query = z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(100).default(20) });

export async function GET(request: Request) {
  const url = new URL(request.url);
  const parsed = Query.safeParse({ q: url.searchParams.get("q") ?? "", limit: url.searchParams.get("limit") ?? undefined });
  if (!parsed.success) return jsonError(400, "Invalid query", issueLines(parsed.error));
  try {
    return Response.json({ query: parsed.data.q, hits: await searchEntities(parsed.data.q, parsed.data.limit) });
  } catch (err) {
    return fromException(err);
  }
}
