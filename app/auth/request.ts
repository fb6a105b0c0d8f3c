// Request-side plumbing of curation for pages, server actions and routes:
// the session cookie, the Origin check, and the signed-in viewer for display.
// Authorization itself happens in lib/ (every write re-checks the session in
// its own transaction); this only carries the token there.
import "server-only";
import { cookies, headers } from "next/headers";
import { checkOrigin, requestHost, type OriginVerdict } from "@/lib/auth/origin";
import { currentCurator, type Curator } from "@/lib/auth/sessions";
import { SESSION_COOKIE } from "@/lib/auth/tokens";

export async function sessionToken(): Promise<string | null> {
  return (await cookies()).get(SESSION_COOKIE)?.value ?? null;
}

/** The signed-in curator for display (null when signed out, or when the database is away). */
export async function viewer(): Promise<Curator | null> {
  try {
    return await currentCurator(await sessionToken());
  } catch {
    return null;
  }
}

/** Origin check of the current server action's request. */
export async function actionOrigin(): Promise<OriginVerdict> {
  const h = await headers();
  return checkOrigin({ method: "POST", origin: h.get("origin"), host: requestHost(h) });
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure when the page was served over https. */
export async function setSessionCookie(token: string, expiresAt: string): Promise<void> {
  const origin = (await headers()).get("origin") ?? "";
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: origin.startsWith("https:"),
    path: "/",
    expires: new Date(expiresAt),
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

/** Only same-site relative paths are followed after an action (no open redirects). */
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}

/** `path` with one query parameter set (replacing an earlier notice or error), keeping its #fragment. */
export function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, "http://x");
  url.searchParams.delete("notice");
  url.searchParams.delete("error");
  url.searchParams.set(key, value);
  return `${url.pathname}${url.search}${url.hash}`;
}
