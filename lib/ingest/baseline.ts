// The bare baseline the ingest benchmark compares against: the same rows
// through plain `UNWIND … MERGE` statements, one auto-committed transaction per
// batch, no validation, no change tracking, no all-or-nothing guarantee.
import { writeQuery } from "../neo4j/driver";
import { relationType, type Vocabulary } from "../vocabulary";
import type { WriteInput } from "./write";
import { entityProps, similarityParam } from "./write";

export const BASELINE_ENTITIES = "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) SET e += row.props";
export const baselineEdges = (type: string) =>
  `UNWIND $rows AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) MERGE (a)-[:\`${type}\`]->(b)`;
export const BASELINE_SIMILARITY =
  "UNWIND $rows AS row MATCH (a:Entity {id: row.a}) MATCH (b:Entity {id: row.b}) MERGE (a)-[s:SIMILAR_TO]->(b) SET s.score = row.score, s.method = row.method";

export async function baselineWrite(
  input: WriteInput,
  vocab: Vocabulary,
  batchSize: number,
  onPhase: (phase: "entities" | "edges" | "similarity", seconds: number, rows: number) => void,
): Promise<void> {
  const timed = async (phase: "entities" | "edges" | "similarity", work: () => Promise<number>) => {
    const t0 = performance.now();
    const rows = await work();
    onPhase(phase, (performance.now() - t0) / 1000, rows);
  };
  const batches = async (cypher: string, rows: unknown[]) => {
    for (let i = 0; i < rows.length; i += batchSize) await writeQuery(cypher, { rows: rows.slice(i, i + batchSize) });
    return rows.length;
  };
  await timed("entities", () => batches(BASELINE_ENTITIES, input.entities.map((r) => ({ id: r.id, props: entityProps(r) }))));
  await timed("edges", async () => {
    const byRelation = new Map<string, { source: string; target: string }[]>();
    for (const e of input.edges) {
      const list = byRelation.get(e.relation) ?? [];
      list.push({ source: e.source, target: e.target });
      byRelation.set(e.relation, list);
    }
    let n = 0;
    for (const [relation, rows] of byRelation) n += await batches(baselineEdges(relationType(vocab, relation)), rows);
    return n;
  });
  await timed("similarity", () => batches(BASELINE_SIMILARITY, input.similarities.map(similarityParam)));
}
