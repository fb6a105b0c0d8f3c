// A digest of the whole entity graph: every entity (id, labels, properties)
// and every relationship between entities (type, endpoints, properties),
// canonicalised and hashed. Two graphs with equal digests hold the same data.
// Candidate lists are left out: they are a ranking derived from the rest and
// re-ranked incrementally (lib/candidates), so two equal graphs may hold lists
// ranked at different moments.
import { createHash } from "node:crypto";
import { getDatabase, getDriver } from "../neo4j/driver";
import { toPlain, type Plain } from "../neo4j/ints";
import neo4j from "neo4j-driver";
import { CANDIDATE_PROPERTIES } from "../candidates/lists";

export const DIGEST_NODES = `
MATCH (n:Entity)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY id`;

export const DIGEST_RELS = `
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props
ORDER BY a, type, b`;

/** JSON with object keys sorted, so equal values always serialise equally. */
export function canonicalJson(value: Plain): string {
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? `${value}n` : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Plain)}`).join(",")}}`;
}

export interface GraphDigest {
  digest: string;
  nodes: number;
  relationships: number;
}

export async function graphDigest(): Promise<GraphDigest> {
  const session = getDriver().session({ database: getDatabase(), defaultAccessMode: neo4j.session.READ });
  try {
    // Everything is computed inside the work function: a retried read starts over.
    return await session.executeRead(async (tx) => {
      const hash = createHash("sha256");
      let nodes = 0;
      let relationships = 0;
      for await (const rec of tx.run(DIGEST_NODES)) {
        const labels = (toPlain(rec.get("labels")) as string[]).sort();
        const props = toPlain(rec.get("props")) as Record<string, Plain>;
        for (const k of CANDIDATE_PROPERTIES) delete props[k];
        hash.update(`N${canonicalJson([toPlain(rec.get("id")), labels, props])}\n`);
        nodes++;
      }
      for await (const rec of tx.run(DIGEST_RELS)) {
        hash.update(`R${canonicalJson(["a", "type", "b", "props"].map((k) => toPlain(rec.get(k))))}\n`);
        relationships++;
      }
      return { digest: hash.digest("hex"), nodes, relationships };
    });
  } finally {
    await session.close();
  }
}
