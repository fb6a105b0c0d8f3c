// Search over names, aliases and descriptions through the Neo4j full-text
// index. User input is escaped for Lucene and every word is matched as a
// prefix, so "resid str" finds "Residual Stream".
import { readQuery } from "./neo4j/driver";
import { cypherInt } from "./neo4j/ints";
import { FULLTEXT_INDEX } from "./neo4j/schema";

export interface SearchHit {
  id: string;
  kind: string;
  name: string;
  description: string | null;
  score: number;
}

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** A Lucene query for the user's words (pure; exported for tests). Empty when there is nothing to search. */
export function luceneQuery(input: string): string {
  const words = input
    .replace(LUCENE_SPECIAL, " ")
    .split(/\s+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0 && !["and", "or", "not", "to"].includes(w))
    .slice(0, 12);
  if (words.length === 0) return "";
  const prefixes = words.map((w) => `${w}*`).join(" AND ");
  // The exact phrase ranks above prefix-only matches.
  return `(name:"${words.join(" ")}")^4 OR (${prefixes})`;
}

export const SEARCH = `
CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
// Redirects left by a merge are not results: their names are the survivor's aliases now.
WHERE coalesce(node.status, 'active') <> 'merged'
RETURN node.id AS id, node.kind AS kind, node.name AS name, node.description AS description, score
ORDER BY score DESC, name ASC
LIMIT $limit`;

export async function searchEntities(input: string, limit = 20): Promise<SearchHit[]> {
  const query = luceneQuery(input);
  if (!query) return [];
  const rows = await readQuery(SEARCH, { index: FULLTEXT_INDEX, query, limit: cypherInt(limit) });
  return rows.map((r) => ({
    id: String(r.id),
    kind: String(r.kind),
    name: String(r.name),
    description: r.description === null ? null : String(r.description),
    score: Number(r.score),
  }));
}
