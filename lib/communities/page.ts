// Data of a community page: label, members (most central first), its
// sub-communities, the distinct source papers its members are drawn from,
// the communities it is most connected to, and its claims and findings.
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import type { EntityRef } from "../entities/types";

export interface CommunityRef {
  id: number;
  label: string;
  size: number;
}

export interface CommunityPage extends CommunityRef {
  members: (EntityRef & { degree: number })[];
  subcommunities: { id: string; size: number; label: string }[];
  sources: number;
  bridges: (CommunityRef & { edges: number })[];
  claims: EntityRef[];
}

export const COMMUNITY_PAGE = `
MATCH (c:Community {id: $id})
CALL {
  WITH c
  MATCH (e:Entity {community: c.id})
  WITH e, COUNT { (e)--() } - COUNT { (e)-[:SIMILAR_TO]-() } AS degree
  ORDER BY degree DESC, e.name ASC
  RETURN collect({id: e.id, kind: e.kind, name: e.name, degree: degree, sub: e.subcommunity}) AS members
}
CALL {
  WITH c
  MATCH (e:Entity {community: c.id})
  OPTIONAL MATCH (e)-[:EXTRACTED_FROM]->(p:Entity)
  WITH collect(DISTINCT CASE WHEN e.kind = 'paper' THEN e.id END) + collect(DISTINCT p.id) AS ids
  UNWIND ids AS pid
  RETURN count(DISTINCT pid) AS sources
}
CALL {
  WITH c
  MATCH (e:Entity {community: c.id})-[r]-(o:Entity)
  WHERE NOT r:SIMILAR_TO AND o.community <> c.id
  WITH o.community AS other, count(r) AS edges
  ORDER BY edges DESC, other ASC
  LIMIT $bridgeLimit
  MATCH (oc:Community {id: other})
  RETURN collect({id: oc.id, label: oc.label, size: oc.size, edges: edges}) AS bridges
}
RETURN c.id AS id, c.label AS label, c.size AS size, members, sources, bridges`;

export async function getCommunityPage(id: number, memberLimit = 300): Promise<CommunityPage | null> {
  const [row] = await readQuery(COMMUNITY_PAGE, { id: cypherInt(id), bridgeLimit: cypherInt(8) });
  if (!row) return null;
  const all = (row.members as Record<string, unknown>[]).map((m) => ({
    id: String(m.id),
    kind: String(m.kind),
    name: String(m.name),
    degree: toCount(m.degree),
    sub: String(m.sub),
  }));
  const subs = new Map<string, typeof all>();
  for (const m of all) subs.set(m.sub, [...(subs.get(m.sub) ?? []), m]);
  return {
    id: toCount(row.id),
    label: String(row.label),
    size: toCount(row.size),
    members: all.slice(0, memberLimit).map(({ sub: _sub, ...m }) => m),
    subcommunities: [...subs.entries()]
      .map(([sid, ms]) => ({ id: sid, size: ms.length, label: ms.slice(0, 3).map((m) => m.name).join(" · ") }))
      .sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1)),
    sources: toCount(row.sources),
    bridges: (row.bridges as Record<string, unknown>[]).map((b) => ({
      id: toCount(b.id),
      label: String(b.label),
      size: toCount(b.size),
      edges: toCount(b.edges),
    })),
    claims: all.filter((m) => m.kind === "claim" || m.kind === "finding").map(({ id: mid, kind, name }) => ({ id: mid, kind, name })),
  };
}
