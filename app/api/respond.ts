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
