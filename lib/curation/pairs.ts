// Unordered entity pairs. A pair's curation record (a Decision node) and its
// audit entries are keyed by "<smaller id>|<larger id>": "|" never occurs in
// an entity id (kind:slug), so the key is unambiguous.
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

export function pairKey(x: string, y: string): string {
  const [a, b] = orderedPair(x, y);
  return `${a}|${b}`;
}

/** The same key computed in Cypher from two entity variables (for queries that walk the graph). */
export const pairKeyCypher = (x: string, y: string) =>
  `CASE WHEN ${x}.id < ${y}.id THEN ${x}.id + '|' + ${y}.id ELSE ${y}.id + '|' + ${x}.id END`;
