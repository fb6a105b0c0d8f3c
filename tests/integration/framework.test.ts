// The framework's neighbourhood in Neo4j is the source entry's: typed groups
// and counts, and eight similarity partners with no typed edge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { freshDatasetDatabase } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";

async function typedGroups(id: string): Promise<Record<string, number>> {
  const rows = await readQuery(
    `MATCH (e:Entity {id: $id})-[r]-(n:Entity) WHERE type(r) <> 'SIMILAR_TO'
     RETURN n.kind AS kind, count(DISTINCT n) AS n`,
    { id },
  );
  return Object.fromEntries(rows.map((r) => [String(r.kind), toCount(r.n)]));
}

describe("the circuits dataset in Neo4j", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
  });
  afterAll(closeDriver);

  it("gives the framework Papers (2), Methods (2), Concepts (4), Frameworks (1)", async () => {
    expect(await typedGroups(FRAMEWORK)).toEqual({ paper: 2, method: 2, concept: 4, framework: 1 });
    const rels = await readQuery(
      `MATCH (f:Entity {id: $id})-[r]-(n:Entity) WHERE type(r) <> 'SIMILAR_TO'
       RETURN n.name AS name, type(r) AS type, startNode(r) = f AS outgoing ORDER BY name`,
      { id: FRAMEWORK },
    );
    expect(rels).toEqual(
      expect.arrayContaining([
        { name: "Logit Weight Analysis", type: "EXTENDS", outgoing: false },
        { name: "Residual Stream", type: "IMPLEMENTS", outgoing: true },
        { name: "Path Expansion Trick", type: "IMPLEMENTS", outgoing: true },
        { name: "Distill Circuits Thread", type: "EXTENDS", outgoing: true },
      ]),
    );
  });

  it("gives the framework 8 similarity partners without typed edges, FLOATER at 0.731", async () => {
    const rows = await readQuery(
      `MATCH (f:Entity {id: $id})-[s:SIMILAR_TO]-(n:Entity)
       WHERE s.score >= 0.65 AND NOT EXISTS { (f)-[r]-(n) WHERE type(r) <> 'SIMILAR_TO' }
       RETURN n.id AS id, n.name AS name, s.score AS score ORDER BY score DESC`,
      { id: FRAMEWORK },
    );
    expect(rows).toHaveLength(8);
    expect(rows.at(-1)).toMatchObject({ name: expect.stringContaining("FLOATER"), score: 0.731 });
    expect(rows.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        "paper:a-mathematical-framework-for-transformer-circuits",
        "framework:technical-dimensions-of-programming-systems",
        "concept:transformer",
        "concept:transformer-architecture",
      ]),
    );
  });

  it("gives Logit Weight Analysis the framework, Anomalous Tokens and one claim", async () => {
    expect(await typedGroups("method:logit-weight-analysis")).toEqual({ framework: 1, concept: 1, claim: 1 });
  });

  it("ties claims and findings to their paper and authors to theirs", async () => {
    const [orphans] = await readQuery(
      `MATCH (c:Entity) WHERE c.kind IN ['claim', 'finding']
       AND NOT EXISTS { (c)-[:EXTRACTED_FROM]->(:Entity {kind: 'paper'}) } RETURN count(c) AS n`,
    );
    expect(toCount(orphans?.n)).toBe(0);
    const authors = await readQuery(
      `MATCH (t:Entity {kind: 'thinker'})-[:AUTHORED]->(:Entity {id: 'paper:a-mathematical-framework-for-transformer-circuits'})
       RETURN t.name AS name`,
    );
    expect(authors.map((a) => a.name)).toEqual(expect.arrayContaining(["Chris Olah", "Nelson Elhage"]));
  });
});
