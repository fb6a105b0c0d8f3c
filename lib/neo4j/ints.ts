// Converts values coming out of neo4j-driver into plain JavaScript, once.
// Neo4j integers become numbers when they fit exactly and bigint otherwise,
// so nothing is silently rounded; graph types never leave lib/.
import neo4j from "neo4j-driver";

export type Plain =
  | null
  | boolean
  | number
  | bigint
  | string
  | Plain[]
  | { [key: string]: Plain };

export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) {
    return value.inSafeRange() ? value.toNumber() : value.toBigInt();
  }
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
    return value;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object") {
    // Node / Relationship: keep their properties only.
    const v = value as { properties?: unknown; toString?: () => string };
    if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toPlain(v.properties);
    if (neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value)) {
      return String(value);
    }
    const out: { [key: string]: Plain } = {};
    for (const [k, inner] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(inner);
    return out;
  }
  return String(value);
}

/** A count or other integer that must fit in a JS number; throws if it does not. */
export function toCount(value: unknown): number {
  const plain = toPlain(value);
  if (typeof plain === "number") return plain;
  if (typeof plain === "bigint") throw new Error(`Integer ${plain} is too large for a count`);
  if (plain === null) return 0;
  throw new Error(`Expected an integer, got ${typeof plain}`);
}

/** An integer parameter for LIMIT/SKIP, which reject JavaScript floats. */
export function cypherInt(n: number) {
  return neo4j.int(n);
}
