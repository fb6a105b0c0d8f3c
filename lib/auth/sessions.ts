// Server-side sessions: (:Session {tokenHash, curator, createdAt, expiresAt}).
// The browser holds the random token (cookie); Neo4j holds its hash. Every
// write re-checks the session *inside its own transaction* (authorize), so a
// revoked curator or a signed-out session can never slip a write in between.
import type { WriteTx } from "../neo4j/driver";
import { readQuery, writeQuery } from "../neo4j/driver";
import { readEnv } from "../config";
import { CuratorNameSchema, type Role } from "./curators";
import { CurationError, rateLimited, revoked, unauthenticated } from "./errors";
import { verifyPassword } from "./password";
import { RateLimiter } from "./rate-limit";
import { hashToken, looksLikeToken, newSessionToken } from "./tokens";

export interface Curator {
  name: string;
  role: Role;
}

export const CURATOR_FOR_SIGN_IN = "MATCH (c:Curator {name: $name}) RETURN c.passwordHash AS hash, c.revokedAt IS NOT NULL AS revoked, c.role AS role";

/** Also drops the curator's expired sessions, so the store does not grow forever. */
export const CREATE_SESSION = `
MATCH (c:Curator {name: $name}) WHERE c.revokedAt IS NULL
OPTIONAL MATCH (old:Session {curator: c.name}) WHERE old.expiresAt <= datetime()
DELETE old
WITH DISTINCT c
CREATE (s:Session {tokenHash: $tokenHash, curator: c.name, createdAt: datetime(),
                   expiresAt: datetime() + duration({seconds: $seconds})})
RETURN toString(s.expiresAt) AS expiresAt`;

export const DELETE_SESSION = "MATCH (s:Session {tokenHash: $tokenHash}) DELETE s";

/** The session's curator, whether the session is live and whether the account is revoked. */
export const SESSION_CURATOR = `
MATCH (s:Session {tokenHash: $tokenHash}) WHERE s.expiresAt > datetime()
OPTIONAL MATCH (c:Curator {name: s.curator})
RETURN s.curator AS name, c.role AS role, c IS NULL OR c.revokedAt IS NOT NULL AS revoked`;

/** One scrypt hash of a password nobody has, so unknown names cost as much as wrong passwords. */
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Five attempts at once per account name, then one every 12 s. */
const signInLimiter = new RateLimiter({ perMinute: 5, burst: 5 });

export interface SignedIn {
  token: string;
  curator: Curator;
  expiresAt: string;
}

export async function signIn(rawName: string, password: string): Promise<SignedIn> {
  const parsed = CuratorNameSchema.safeParse(rawName);
  const wrong = new CurationError(401, "Wrong name or password.");
  if (!parsed.success) throw wrong;
  const name = parsed.data;
  const wait = signInLimiter.take(name.toLowerCase());
  if (wait > 0) throw rateLimited(wait);
  const [row] = await readQuery(CURATOR_FOR_SIGN_IN, { name });
  const ok = await verifyPassword(password, typeof row?.hash === "string" ? row.hash : DUMMY_HASH);
  // A revoked account answers like a wrong password: sign-in never says which names exist.
  if (!row || !ok || row.revoked === true) throw wrong;
  const token = newSessionToken();
  const seconds = Math.round(readEnv().ATLAS_SESSION_HOURS * 3600);
  const [created] = await writeQuery(CREATE_SESSION, { name, tokenHash: hashToken(token), seconds });
  if (!created) throw wrong; // revoked between the two statements
  return { token, curator: { name, role: row.role === "admin" ? "admin" : "curator" }, expiresAt: String(created.expiresAt) };
}

export async function signOut(token: string | null | undefined): Promise<void> {
  if (!looksLikeToken(token)) return;
  await writeQuery(DELETE_SESSION, { tokenHash: hashToken(token) });
}

/** The signed-in curator of a token, or null (no session, expired, or revoked). For reads and display. */
export async function currentCurator(token: string | null | undefined): Promise<Curator | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await readQuery(SESSION_CURATOR, { tokenHash: hashToken(token) });
  if (!row || row.revoked === true) return null;
  return { name: String(row.name), role: row.role === "admin" ? "admin" : "curator" };
}

/**
 * Inside a write transaction: the curator the token belongs to, or a 401
 * (no valid session) / 403 (account revoked). Every curation write calls this
 * first, so authorization never depends on the proxy or the UI.
 */
export async function authorize(tx: WriteTx, token: string | null | undefined): Promise<Curator> {
  if (!looksLikeToken(token)) throw unauthenticated();
  const [row] = await tx.run(SESSION_CURATOR, { tokenHash: hashToken(token) });
  if (!row) throw unauthenticated();
  if (row.revoked === true) throw revoked(String(row.name));
  return { name: String(row.name), role: row.role === "admin" ? "admin" : "curator" };
}
