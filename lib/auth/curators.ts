// Curator accounts: (:Curator {name, passwordHash, role, createdAt, revokedAt}).
// Removing a curator revokes the account (the node stays, because the audit
// log names it) and deletes its sessions in the same transaction, so access
// ends at once. Used by `npm run curator` and by `npm start` (first admin).
import { z } from "zod";
import { inWriteTransaction, readQuery, writeQuery } from "../neo4j/driver";
import { toCount } from "../neo4j/ints";
import { conflict, notFound } from "./errors";
import { generatePassword, hashPassword } from "./password";

/** Letters, digits and . _ - ' and spaces; starts with a letter or digit; at most 64 characters. */
export const CuratorNameSchema = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,63}$/u, "a curator name is 1-64 letters, digits, spaces or . _ ' -");

export const PasswordSchema = z.string().min(12, "a password has at least 12 characters").max(1024);

export type Role = "admin" | "curator";

export interface CuratorInfo {
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
  sessions: number;
}

export const FIND_CURATOR = "MATCH (c:Curator {name: $name}) RETURN c.revokedAt IS NOT NULL AS revoked";

export const CREATE_CURATOR = `
CREATE (c:Curator {name: $name, passwordHash: $hash, role: $role, createdAt: datetime(), revokedAt: null})
RETURN c.name AS name`;

/** A revoked account can be reinstated with a new password; its sessions are long gone. */
export const REINSTATE_CURATOR = `
MATCH (c:Curator {name: $name}) WHERE c.revokedAt IS NOT NULL
SET c.passwordHash = $hash, c.role = $role, c.revokedAt = null, c.reinstatedAt = datetime()
RETURN c.name AS name`;

export const REVOKE_CURATOR = `
MATCH (c:Curator {name: $name})
SET c.revokedAt = coalesce(c.revokedAt, datetime())
WITH c
OPTIONAL MATCH (s:Session {curator: c.name})
DELETE s
RETURN count(s) AS sessions`;

export const LIST_CURATORS = `
MATCH (c:Curator)
RETURN c.name AS name, c.role AS role, c.createdAt AS createdAt, c.revokedAt AS revokedAt,
       COUNT { MATCH (s:Session {curator: c.name}) WHERE s.expiresAt > datetime() } AS sessions
ORDER BY name`;

export const COUNT_CURATORS = "MATCH (c:Curator) RETURN count(c) AS n";

export interface AddedCurator {
  name: string;
  role: Role;
  /** Set when the password was generated here: show it once, it is not stored. */
  generatedPassword: string | null;
}

export async function addCurator(rawName: string, opts: { admin?: boolean; password?: string } = {}): Promise<AddedCurator> {
  const name = CuratorNameSchema.parse(rawName);
  const password = opts.password === undefined ? generatePassword() : PasswordSchema.parse(opts.password);
  const role: Role = opts.admin ? "admin" : "curator";
  const hash = await hashPassword(password);
  await inWriteTransaction(async (tx) => {
    const [existing] = await tx.run(FIND_CURATOR, { name });
    if (existing && existing.revoked !== true) throw conflict(`A curator named "${name}" already exists.`);
    await tx.run(existing ? REINSTATE_CURATOR : CREATE_CURATOR, { name, hash, role });
  });
  return { name, role, generatedPassword: opts.password === undefined ? password : null };
}

/** Revokes the account and ends its sessions; returns how many sessions were ended. */
export async function removeCurator(rawName: string): Promise<number> {
  const name = CuratorNameSchema.parse(rawName);
  const rows = await writeQuery(REVOKE_CURATOR, { name });
  if (rows.length === 0) throw notFound(`No curator named "${name}".`);
  return toCount(rows[0]?.sessions);
}

export async function listCurators(): Promise<CuratorInfo[]> {
  return (await readQuery(LIST_CURATORS)).map((r) => ({
    name: String(r.name),
    role: r.role === "admin" ? "admin" : "curator",
    createdAt: String(r.createdAt),
    revokedAt: r.revokedAt === null ? null : String(r.revokedAt),
    sessions: toCount(r.sessions),
  }));
}

/** On a first start with no curator at all: creates "admin" and returns its generated password (else null). */
export async function ensureInitialAdmin(): Promise<AddedCurator | null> {
  if (toCount((await readQuery(COUNT_CURATORS))[0]?.n) > 0) return null;
  return addCurator("admin", { admin: true });
}
