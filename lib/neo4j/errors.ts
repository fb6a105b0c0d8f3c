// Classifies failures so callers can answer "the database is away" (503)
// distinctly from bugs (500).
import { Neo4jError } from "neo4j-driver";
import { NotConfiguredError } from "./connection";

const UNAVAILABLE_CODES = new Set(["ServiceUnavailable", "SessionExpired"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof NotConfiguredError) return true;
  if (err instanceof Neo4jError) {
    return UNAVAILABLE_CODES.has(err.code) || /TransientError\.General\.DatabaseUnavailable/.test(err.code);
  }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH"].includes(code);
}
