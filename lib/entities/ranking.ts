// How the entity page orders things, as pure functions: the order of the
// neighbour groups, the ranking of members inside a group, and the labels of
// relations seen from the page's entity. The Cypher in query.ts ranks the
// same way (ORDER BY links DESC, degree DESC, name ASC) so it can page.
import type { Vocabulary } from "../vocabulary";

export interface RankedMember {
  name: string;
  /** Typed edges joining the member to the page's entity. */
  links: number;
  /** The member's own typed edge count. */
  degree: number;
}

/** Members: more typed edges to this entity first, then more edges overall, then by name. */
export function compareMembers(a: RankedMember, b: RankedMember): number {
  return b.links - a.links || b.degree - a.degree || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Group order: papers, then thinkers, then the other core kinds in the
 * vocabulary's order with the page's own kind after them, then peripheral kinds.
 */
export function groupOrder(vocab: Vocabulary, ownKind: string): string[] {
  const core = vocab.kinds.filter((k) => k.tier === "core").map((k) => k.key);
  const peripheral = vocab.kinds.filter((k) => k.tier === "peripheral").map((k) => k.key);
  const lead = ["paper", "thinker"].filter((k) => core.includes(k) && k !== ownKind);
  const rest = core.filter((k) => !lead.includes(k) && k !== ownKind);
  const own = vocab.kindByKey.has(ownKind) && !peripheral.includes(ownKind) ? [ownKind] : [];
  return [...lead, ...rest, ...own, ...peripheral];
}

/**
 * The same rule in Cypher, shared by the page's live ranking and the stored hub
 * rankings so the two cannot drift apart: with `e` bound, yields one row per
 * kind of its typed neighbours, `ranked` holding them in rank order.
 */
export const RANK_NEIGHBOURS_BY_KIND = `
MATCH (e)-[r]-(n:Entity)
WHERE NOT r:SIMILAR_TO
WITH n, count(r) AS links
WITH n, links, COUNT { (n)--() } - COUNT { (n)-[:SIMILAR_TO]-() } AS degree
ORDER BY links DESC, degree DESC, n.name ASC
WITH n.kind AS kind, collect(n) AS ranked`;

export const GROUP_ORDER_RULE =
  "Groups: papers first, then thinkers, then the other core kinds in the configured order with this entity's own kind after them, and peripheral kinds (artifacts, datasets, events) last. Within a group: most typed edges to this entity first, then most edges overall, then by name. The count beside each member is its own number of typed edges.";

/** "extends → this" for an incoming edge, "this implements →" for an outgoing one. */
export function relationLabel(vocab: Vocabulary, relationKey: string, outgoing: boolean): string {
  const rel = vocab.relationByKey.get(relationKey);
  const verb = rel?.forward ?? relationKey.replace(/_/g, " ");
  if (rel?.symmetric) return `${verb} ↔ this`;
  return outgoing ? `this ${verb} →` : `${verb} → this`;
}
