// Redirects left by merges: a merged entity keeps its id with status 'merged'
// and mergedInto. Pages and the API follow them (the survivor's page says
// where the visitor came from), and ingest maps rows naming a merged id to its
// survivor (lib/ingest/remap.ts) with the map read here.
import { readQuery, type WriteTx } from "../neo4j/driver";

/** Longest chain followed; merges re-point earlier redirects, so real chains have one hop. */
export const MAX_HOPS = 10;

export interface StoredRedirect {
  id: string;
  to: string;
  /** Made by a curator's merge (not declared by a data file): ingest never overwrites it. */
  curated: boolean;
  name: string;
  aliases: string[];
  at: string | null;
}

export const ALL_REDIRECTS = `
MATCH (e:Entity)
WHERE e.mergedInto IS NOT NULL AND e.status = 'merged'
RETURN e.id AS id, e.mergedInto AS to, e.mergeOp IS NOT NULL AS curated, e.name AS name, e.aliases AS aliases,
       toString(e.mergedAt) AS at
ORDER BY at, id`;

/** Every redirect, read inside the caller's transaction (ingest: the map and the write see the same graph). */
export async function loadRedirects(tx: WriteTx): Promise<StoredRedirect[]> {
  return (await tx.run(ALL_REDIRECTS)).map((r) => ({
    id: String(r.id),
    to: String(r.to),
    curated: r.curated === true,
    name: String(r.name),
    aliases: Array.isArray(r.aliases) ? r.aliases.map(String) : [],
    at: r.at === null ? null : String(r.at),
  }));
}

/** Where `id` ends up following `next` (null: not redirected, or a cycle). Pure. */
export function finalTarget(id: string, next: (id: string) => string | undefined): string | null {
  const seen = new Set([id]);
  let at = id;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const to = next(at);
    if (to === undefined) return at === id ? null : at;
    if (seen.has(to)) return null;
    seen.add(to);
    at = to;
  }
  return null;
}

export const REDIRECT_OF = `
MATCH (e:Entity {id: $id})
RETURN e.status = 'merged' AS merged, e.mergedInto AS to, e.name AS name, toString(e.mergedAt) AS at`;

export interface MergedFrom {
  id: string;
  name: string;
  /** When it was merged (ISO), when known. */
  at: string | null;
}

/** For a merged id: the survivor at the end of its chain, and what the id was. Null when `id` is not a redirect (or its chain loops). */
export async function resolveRedirect(id: string): Promise<{ to: string; from: MergedFrom } | null> {
  let from: MergedFrom | null = null;
  const seen = new Set([id]);
  let at = id;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const [row] = await readQuery(REDIRECT_OF, { id: at });
    if (!row || row.merged !== true || typeof row.to !== "string") return from ? { to: at, from } : null;
    from ??= { id, name: String(row.name), at: row.at === null ? null : String(row.at) };
    if (seen.has(row.to)) return null;
    seen.add(row.to);
    at = row.to;
  }
  return null;
}

/** The notice on a survivor's page after a redirect: only when `fromId` really redirects to `survivor`. */
export async function mergedInto(fromId: string, survivor: string): Promise<MergedFrom | null> {
  const resolved = await resolveRedirect(fromId);
  return resolved && resolved.to === survivor ? resolved.from : null;
}
