// Cross-site request forgery guard for mutating requests (server actions and
// POST/DELETE routes): the browser's Origin header must name this very host.
// A missing Origin or the opaque "null" origin (sandboxed frames, some
// redirects) is rejected too: every browser that can carry our cookie sends
// Origin on a POST, so only scripts lack it, and they can send it.
export const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

export interface OriginInput {
  method: string;
  origin: string | null;
  /** The Host header, or X-Forwarded-Host behind a proxy (Next compares the same). */
  host: string | null;
}

export function checkOrigin({ method, origin, host }: OriginInput): OriginVerdict {
  if (!MUTATING_METHODS.has(method.toUpperCase())) return { ok: true };
  if (!host) return { ok: false, reason: "the request has no Host header" };
  if (origin === null || origin.trim() === "") return { ok: false, reason: "the request has no Origin header" };
  if (origin.trim() === "null") return { ok: false, reason: "the request comes from an opaque (null) origin" };
  let originHost: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: `the Origin ${origin} is not http(s)` };
    originHost = url.host;
  } catch {
    return { ok: false, reason: `the Origin ${origin} is not a URL` };
  }
  // Host comparison is case-insensitive; URL() already lower-cases and drops default ports.
  const expected = host.split(",")[0]!.trim().toLowerCase().replace(/:(80|443)$/, "");
  if (originHost.toLowerCase() !== expected) return { ok: false, reason: `the Origin ${origin} is not this site (${host})` };
  return { ok: true };
}

/** The host a request was addressed to, as Next itself compares it: X-Forwarded-Host, else Host. */
export function requestHost(headers: { get(name: string): string | null }): string | null {
  const forwarded = headers.get("x-forwarded-host");
  return forwarded ? (forwarded.split(",")[0] ?? "").trim() || null : headers.get("host");
}
