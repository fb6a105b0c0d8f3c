// Session tokens: 32 random bytes handed to the browser in a cookie; only
// their SHA-256 is stored (a leaked session store yields no usable token).
// A plain hash is enough here: the token has 256 bits of entropy, so there is
// nothing to brute-force, unlike a password.
import { createHash, randomBytes } from "node:crypto";

export const SESSION_COOKIE = "atlas_session";

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Session tokens are exactly 43 base64url characters; anything else is not one of ours. */
export function looksLikeToken(value: string | null | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
