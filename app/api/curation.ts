// Shared by the curation JSON routes: Origin check, the session token from the
// cookie, the JSON body, and typed errors mapped to responses. The write
// itself (with its authorization) is lib/curation/write.ts.
import "server-only";
import { checkOrigin, requestHost } from "@/lib/auth/origin";
import { isCurationError } from "@/lib/auth/errors";
import { SESSION_COOKIE } from "@/lib/auth/tokens";
import { fromException, jsonError } from "@/app/api/respond";

export function originRejection(request: Request): Response | null {
  const verdict = checkOrigin({ method: request.method, origin: request.headers.get("origin"), host: requestHost(request.headers) });
  return verdict.ok ? null : jsonError(403, `Cross-site request refused: ${verdict.reason}.`);
}

export function cookieToken(request: Request): string | null {
  const cookie = request.headers.get("cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join("="));
  }
  return null;
}

export function errorResponse(err: unknown): Response {
  if (isCurationError(err)) {
    const headers = err.status === 429 ? { "retry-after": "10" } : undefined;
    return Response.json({ error: err.message }, { status: err.status, headers });
  }
  return fromException(err);
}

/** A POST route: origin, JSON body, then `write(token, body)`; 200 with its result. */
export async function curationPost(request: Request, write: (token: string | null, body: unknown) => Promise<unknown>): Promise<Response> {
  const refused = originRejection(request);
  if (refused) return refused;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, "The body must be JSON.");
  }
  try {
    return Response.json(await write(cookieToken(request), body));
  } catch (err) {
    return errorResponse(err);
  }
}
