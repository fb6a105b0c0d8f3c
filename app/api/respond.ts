// Shared mapping of lib errors to JSON responses for route handlers.
import "server-only";
import { isDatabaseUnavailable } from "@/lib/neo4j/errors";

export function jsonError(status: number, error: string, detail?: unknown) {
  return Response.json({ error, ...(detail === undefined ? {} : { detail }) }, { status });
}

export function fromException(err: unknown) {
  if (isDatabaseUnavailable(err)) {
    return jsonError(503, "The database is unavailable; try again shortly (GET /api/health says what is down).");
  }
  console.error(err);
  return jsonError(500, "Internal error");
}

/** Issues of a failed zod parse as "path: message" lines, for the 400 answer's detail. */
export function issueLines(error: { issues: { path: PropertyKey[]; message: string }[] }): string[] {
  return error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
}

/**
 * A GET whose query string is validated by `schema` and answered with what
 * `run` returns: 400 naming the bad parameters, lib errors mapped as above.
 */
export async function answerQuery<T>(
  request: Request,
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  run: (query: T) => Promise<unknown>,
): Promise<Response> {
  const query = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return jsonError(400, "Invalid query", issueLines(query.error));
  try {
    return Response.json(await run(query.data));
  } catch (err) {
    return fromException(err);
  }
}
