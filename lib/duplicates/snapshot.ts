// Property values in an undo snapshot, typed. A merge's audit entry keeps the
// properties of both entities and of every edge it removed as JSON; JSON alone
// would turn an INTEGER year into a FLOAT and a datetime into a string, so
// each value is stored with its Cypher type (valueType()) and turned back into
// the driver's value of that type when the snapshot is restored. Pure.
import neo4j from "neo4j-driver";
import type { Plain } from "../neo4j/ints";
import type { TypedProps, TypedValue } from "./plan";

/** Cypher that returns a node's or relationship's properties as [{k, v, t}] (v the value, t its type). */
export const typedPropsCypher = (x: string) => `[k IN keys(${x}) | {k: k, v: ${x}[k], t: valueType(${x}[k])}]`;

const SCALARS = new Set(["STRING", "INTEGER", "FLOAT", "BOOLEAN", "ZONED DATETIME", "LOCAL DATETIME", "DATE", "NOTHING", "NULL", "ANY"]);

/** "LIST<INTEGER NOT NULL> NOT NULL" → {list: true, base: "INTEGER"}. */
export function parseType(t: string): { list: boolean; base: string } {
  const bare = t.replace(/ NOT NULL/g, "").trim();
  const m = /^LIST<(.+)>$/.exec(bare);
  return m ? { list: true, base: (m[1] as string).trim() } : { list: false, base: bare };
}

/** The property list a typedPropsCypher column returns, as TypedProps; null when a type cannot be kept. */
export function toTypedProps(rows: unknown): { props: TypedProps; unsupported: string[] } {
  const props: TypedProps = {};
  const unsupported: string[] = [];
  for (const row of (rows ?? []) as { k: string; v: Plain; t: string }[]) {
    const { base } = parseType(String(row.t));
    if (!SCALARS.has(base)) unsupported.push(`${row.k} (${row.t})`);
    props[row.k] = { t: String(row.t), v: jsonSafe(row.v) };
  }
  return { props, unsupported };
}

/** bigint does not survive JSON: integers outside the safe range are kept as strings (their type says INTEGER). */
function jsonSafe(v: Plain): Plain {
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  return v;
}

const DATETIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[([^\]]+)\])?$/;

function offsetSeconds(offset: string | undefined): number | undefined {
  if (offset === undefined) return undefined;
  if (offset === "Z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const [h, m, s] = offset.slice(1).split(":").map(Number);
  return sign * ((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0));
}

function scalar(base: string, v: Plain): unknown {
  if (v === null) return null;
  switch (base) {
    case "INTEGER":
      return neo4j.int(typeof v === "number" ? v : String(v));
    case "FLOAT":
      return Number(v);
    case "ZONED DATETIME":
    case "LOCAL DATETIME": {
      const m = DATETIME.exec(String(v));
      if (!m) throw new Error(`Cannot read the datetime "${String(v)}" from an undo snapshot.`);
      const [, y, mo, d, h, mi, s, frac, off, zone] = m;
      const ns = frac ? Number(frac.padEnd(9, "0")) : 0;
      const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ns] as const;
      if (base === "LOCAL DATETIME") return new neo4j.types.LocalDateTime(...parts);
      return new neo4j.types.DateTime(...parts, zone ? undefined : offsetSeconds(off), zone);
    }
    case "DATE": {
      const [y, mo, d] = String(v).split(/(?<=\d)-/).map(Number);
      return new neo4j.types.Date(y as number, mo as number, d as number);
    }
    default:
      return v;
  }
}

export function fromTyped(value: TypedValue): unknown {
  const { list, base } = parseType(value.t);
  if (list) return Array.isArray(value.v) ? value.v.map((x) => scalar(base, x)) : [];
  return scalar(base, value.v);
}

/** Driver values for `SET n = $props` / `SET r = $props`, with the types they had. */
export function fromTypedProps(props: TypedProps, omit: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (!omit.has(k)) out[k] = fromTyped(v);
  return out;
}

/** A property's plain value (for display and comparisons). */
export const plainOf = (props: TypedProps, key: string): Plain => props[key]?.v ?? null;
