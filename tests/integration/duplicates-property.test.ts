// Property-based (fast-check) against the real Neo4j: on random small graphs
// — typed edges with notes and curated timestamps, provided and computed
// similarity edges, embeddings, an earlier redirect — a random merge leaves no
// self-loop, duplicate or stray edge, and undoing it gives back a graph with
// the identical digest (every entity, property and relationship).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator } from "../../lib/auth/curators";
import { signIn } from "../../lib/auth/sessions";
import { recomputeCommunities } from "../../lib/communities/store";
import { refreshIdle } from "../../lib/curation/refresh";
import { undoOperation } from "../../lib/curation/write";
import { mergeEntities } from "../../lib/duplicates/merge";
import { graphDigest } from "../../lib/graph/digest";
import { closeDriver, readQuery, writeQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { freshTestDatabase } from "../helpers/db";

// Dozens of writes in a row from one curator: the per-curator rate limit is not under test here.
process.env.ATLAS_RATE_LIMIT_BURST = "10000";

const TYPES = ["USES", "MENTIONS", "RELATED_TO", "EXTENDS"] as const;
const NAMES = ["Transformer", "Transformer Architecture", "transformer", "Residual Stream", "Induction Head"];
const id = (i: number) => `concept:e${i}`;

const graphArb = fc.integer({ min: 3, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    entities: fc.array(
      fc.record({
        name: fc.constantFrom(...NAMES),
        aliases: fc.uniqueArray(fc.constantFrom("TF", "transformer model", "Transformer", "attention net"), { maxLength: 3 }),
        year: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: undefined }),
        embedding: fc.option(fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: 4, maxLength: 4 }), { nil: undefined }),
      }),
      { minLength: n, maxLength: n },
    ),
    edges: fc.uniqueArray(
      fc.record({ type: fc.constantFrom(...TYPES), s: fc.nat(n - 1), t: fc.nat(n - 1), note: fc.option(fc.constantFrom("a", "b"), { nil: undefined }), curated: fc.boolean() }),
      { selector: (e) => `${e.type}|${e.s}|${e.t}`, maxLength: 12 },
    ).map((list) => list.filter((e) => e.s !== e.t)),
    similar: fc.uniqueArray(
      fc.record({ s: fc.nat(n - 1), t: fc.nat(n - 1), score: fc.constantFrom(0.7, 0.8, 0.95), computed: fc.boolean() }),
      { selector: (e) => `${Math.min(e.s, e.t)}|${Math.max(e.s, e.t)}`, maxLength: 6 },
    ).map((list) => list.filter((e) => e.s !== e.t)),
    /** An entity merged earlier into one of the graph's (or none). */
    redirectTo: fc.option(fc.nat(n - 1), { nil: undefined }),
    survivor: fc.nat(n - 1),
    loserOffset: fc.integer({ min: 1, max: n - 1 }),
  }),
);
type Graph = typeof graphArb extends fc.Arbitrary<infer T> ? T : never;

async function load(g: Graph): Promise<void> {
  await writeQuery("MATCH (n) WHERE n:Entity OR n:Decision OR n:AuditEntry OR n:Community OR n:Ranking DETACH DELETE n");
  const rows = g.entities.map((e, i) => ({
    props: { id: id(i), kind: "concept", name: e.name, aliases: e.aliases, status: "active", ...(e.year === undefined ? {} : { year: neo4j.int(e.year) }) },
    embedding: e.embedding ?? null,
  }));
  if (g.redirectTo !== undefined) {
    rows.push({
      props: { id: "concept:old", kind: "concept", name: "Old Transformer", aliases: ["old tf"], status: "merged", mergedInto: id(g.redirectTo), mergeOp: "seeded" } as never,
      embedding: null,
    });
  }
  await writeQuery(
    `UNWIND $rows AS row CREATE (e:Entity) SET e = row.props
     WITH e, row WHERE row.embedding IS NOT NULL
     CALL db.create.setNodeVectorProperty(e, 'embedding', row.embedding)`,
    { rows },
  );
  for (const type of TYPES) {
    const list = g.edges.filter((e) => e.type === type).map((e) => ({ a: id(e.s), b: id(e.t), note: e.note ?? null, curated: e.curated }));
    await writeQuery(
      `UNWIND $rows AS row MATCH (a:Entity {id: row.a}), (b:Entity {id: row.b})
       CREATE (a)-[r:${type}]->(b)
       SET r.origin = CASE WHEN row.curated THEN 'curator' ELSE 'ingest' END, r.note = row.note,
           r.at = CASE WHEN row.curated THEN datetime() END, r.by = CASE WHEN row.curated THEN 'seed' END`,
      { rows: list },
    );
  }
  const sims = g.similar.map((e) => {
    const [a, b] = [id(e.s), id(e.t)].sort() as [string, string];
    return { a, b, score: e.score, computed: e.computed };
  });
  await writeQuery(
    `UNWIND $rows AS row MATCH (a:Entity {id: row.a}), (b:Entity {id: row.b})
     CREATE (a)-[s:SIMILAR_TO]->(b)
     SET s.score = row.score, s.method = CASE WHEN row.computed THEN 'lexical:test' ELSE 'provided' END,
         s.computedAt = CASE WHEN row.computed THEN datetime() END`,
    { rows: sims },
  );
  await recomputeCommunities();
}

const count = async (cypher: string, params = {}) => toCount((await readQuery(cypher, params))[0]?.n);

describe("merge then undo (property-based)", () => {
  let token = "";
  beforeAll(async () => {
    await freshTestDatabase();
    await addCurator("prop", { password: "property based testing" });
    token = (await signIn("prop", "property based testing")).token;
  });
  afterAll(async () => {
    await refreshIdle();
    await closeDriver();
  });

  it("leaves no self-loop, duplicate or stray edge, and undo restores the identical digest", async () => {
    await fc.assert(
      fc.asyncProperty(graphArb, async (g) => {
        await load(g);
        const survivor = id(g.survivor);
        const loser = id((g.survivor + g.loserOffset) % g.n);
        const before = await graphDigest();
        const typedBefore = await count("MATCH (:Entity)-[r]->(:Entity) WHERE NOT r:SIMILAR_TO RETURN count(r) AS n");

        const merged = await mergeEntities({ token }, { opId: randomUUID(), survivor, loser });
        await refreshIdle();
        expect(await count("MATCH (:Entity {id: $id})-[r]-() RETURN count(r) AS n", { id: loser })).toBe(0);
        expect(await count("MATCH (a:Entity)-[r]->(a) RETURN count(r) AS n")).toBe(0);
        expect(await count("MATCH (a:Entity)-[r]->(b:Entity) WITH a, b, type(r) AS t, count(r) AS c WHERE c > 1 RETURN count(*) AS n")).toBe(0);
        expect(await count("MATCH (:Entity)-[r]->(:Entity) WHERE NOT r:SIMILAR_TO RETURN count(r) AS n")).toBe(typedBefore - (merged.merge?.dropped ?? 0));
        if (g.redirectTo !== undefined && id(g.redirectTo) === loser) {
          expect(await count("MATCH (e:Entity {id: 'concept:old', mergedInto: $s}) RETURN count(e) AS n", { s: survivor })).toBe(1);
        }

        await undoOperation({ token }, { opId: randomUUID(), target: merged.opId });
        await refreshIdle();
        const after = await graphDigest();
        expect(after).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });
});
