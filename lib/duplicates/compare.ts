// The side-by-side view of a suspected duplicate pair (/duplicates/compare):
// both entities' names, aliases, descriptions, kinds, years and URLs, both
// typed neighbourhoods with the neighbours they share marked and listed first,
// the similarity provider's cosine (similarity/pair-cosine.ts), what the pair's Decision records,
// and whether a merge is possible (with the reason when it is not).
import { pairCosines } from "../similarity/pair-cosine";
import { readQuery, type Row } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { pairKey } from "../curation/pairs";
import { loadVocabulary, relationKeyOfType } from "../vocabulary";
import { mergeRefusal, type MergeSide } from "./plan";

/** Neighbours listed per side (shared ones always come first). */
export const NEIGHBOUR_LIMIT = 200;

export interface CompareNeighbour {
  id: string;
  kind: string;
  name: string;
  /** e.g. "uses →", "← cites" (from this entity's side). */
  relations: string[];
  shared: boolean;
}

export interface CompareSide {
  id: string;
  kind: string;
  kindLabel: string;
  name: string;
  aliases: string[];
  description: string | null;
  status: string;
  mergedInto: string | null;
  year: number | null;
  url: string | null;
  /** Typed edges. */
  degree: number;
  neighbours: CompareNeighbour[];
  neighboursTotal: number;
}

export interface DuplicatePair {
  a: CompareSide;
  b: CompareSide;
  /** Shared typed neighbours (the first NEIGHBOUR_LIMIT), and how many there are. */
  shared: { id: string; kind: string; name: string }[];
  sharedTotal: number;
  /** Typed edges joining the two, e.g. "Transformer related to Transformer Architecture". */
  between: string[];
  cosine: number | null;
  decision: { sameness: string | null; state: string | null; by: string | null; at: string | null; lastOp: string | null } | null;
  /** Why merging either way is refused right now, or null. */
  refusal: string | null;
}

export const COMPARE_SIDE = `
MATCH (e:Entity {id: $id})
RETURN e {.id, .kind, .name, .aliases, .description, .status, .mergedInto, .year, .url} AS entity,
       COUNT { (e)-[r]-(:Entity) WHERE NOT r:SIMILAR_TO } AS degree`;

/** Neighbours of one side; those shared with the other side first. */
export const COMPARE_NEIGHBOURS = `
MATCH (e:Entity {id: $id})-[r]-(n:Entity)
WHERE NOT r:SIMILAR_TO AND n.id <> $other
WITH n, collect({type: type(r), out: startNode(r) = e}) AS rels
WITH n, rels, EXISTS { MATCH (n)-[r2]-(:Entity {id: $other}) WHERE NOT r2:SIMILAR_TO } AS shared
RETURN n.id AS id, n.kind AS kind, n.name AS name, rels, shared
ORDER BY shared DESC, size(rels) DESC, n.name
LIMIT $limit`;

export const COMPARE_PAIR = `
OPTIONAL MATCH (d:Decision {pair: $pair})
WITH d
OPTIONAL MATCH (a:Entity {id: $a})-[r]-(b:Entity {id: $b})
WHERE NOT r:SIMILAR_TO
RETURN d.sameness AS sameness, d.state AS state, d.by AS by, toString(d.at) AS at, d.lastOp AS lastOp, d IS NOT NULL AS exists,
       collect({type: type(r), source: startNode(r).name, target: endNode(r).name}) AS between`;

export const SHARED_COUNT = `
MATCH (a:Entity {id: $a})-[r]-(n:Entity)
WHERE NOT r:SIMILAR_TO AND n.id <> $b AND EXISTS { MATCH (n)-[r2]-(:Entity {id: $b}) WHERE NOT r2:SIMILAR_TO }
RETURN count(DISTINCT n) AS n`;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function relationLabel(type: string, out: boolean): string {
  const vocab = loadVocabulary();
  const rel = vocab.relationByKey.get(relationKeyOfType(vocab, type) ?? "");
  if (!rel) return type.toLowerCase();
  return out ? `${rel.forward} →` : `← ${rel.forward}`;
}

async function side(id: string, other: string): Promise<{ side: CompareSide } | null> {
  const [[row], neighbours] = await Promise.all([
    readQuery(COMPARE_SIDE, { id }),
    readQuery(COMPARE_NEIGHBOURS, { id, other, limit: cypherInt(NEIGHBOUR_LIMIT) }),
  ]);
  if (!row) return null;
  const e = row.entity as Row;
  const kind = String(e.kind);
  return {
    side: {
      id,
      kind,
      kindLabel: loadVocabulary().kindByKey.get(kind)?.label ?? kind,
      name: String(e.name),
      aliases: Array.isArray(e.aliases) ? e.aliases.map(String) : [],
      description: str(e.description),
      status: str(e.status) ?? "active",
      mergedInto: str(e.mergedInto),
      year: typeof e.year === "number" ? e.year : null,
      url: str(e.url),
      degree: toCount(row.degree),
      neighboursTotal: toCount(row.degree),
      neighbours: neighbours.map((n) => ({
        id: String(n.id),
        kind: String(n.kind),
        name: String(n.name),
        relations: (n.rels as { type: string; out: boolean }[]).map((r) => relationLabel(String(r.type), r.out === true)),
        shared: n.shared === true,
      })),
    },
  };
}

/** The pair side by side, or null when either id names no entity. */
export async function getDuplicatePair(a: string, b: string): Promise<DuplicatePair | null> {
  const [x, y, [pairRow], [sharedRow], cosines] = await Promise.all([
    side(a, b),
    side(b, a),
    readQuery(COMPARE_PAIR, { pair: pairKey(a, b), a, b }),
    readQuery(SHARED_COUNT, { a, b }),
    pairCosines([[a, b]]),
  ]);
  if (!x || !y) return null;
  const decision = pairRow?.exists === true
    ? { sameness: str(pairRow.sameness), state: str(pairRow.state), by: str(pairRow.by), at: str(pairRow.at), lastOp: str(pairRow.lastOp) }
    : null;
  const asSide = (s: CompareSide): MergeSide => ({ id: s.id, kind: s.kind, name: s.name, aliases: s.aliases, status: s.status, mergedInto: s.mergedInto });
  return {
    a: x.side,
    b: y.side,
    shared: x.side.neighbours.filter((n) => n.shared).map(({ id, kind, name }) => ({ id, kind, name })),
    sharedTotal: toCount(sharedRow?.n),
    between: ((pairRow?.between ?? []) as { type: string | null; source: string; target: string }[])
      .filter((r) => r.type !== null)
      .map((r) => `${r.source} ${relationLabel(String(r.type), true).replace(" →", "")} ${r.target}`),
    cosine: cosines.get(`${a}|${b}`) ?? null,
    decision,
    refusal: mergeRefusal(asSide(x.side), asSide(y.side), decision),
  };
}
