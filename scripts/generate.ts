// npm run generate -- --entities 100000 --edges 500000 --out DIR [--similarities N] [--seed 42]
// Writes synthetic entities.jsonl, edges.jsonl and similarity.jsonl (see lib/ingest/generate.ts).
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { generateEdges, generateEntities, generateSimilarities, syntheticKinds, type GenerateOptions } from "../lib/ingest/generate";
import { createProgress } from "../lib/progress";
import { args, main, say } from "./cli";

async function writeJsonl(file: string, rows: Iterable<unknown>, total: number, label: string): Promise<number> {
  const out = createWriteStream(file);
  const progress = createProgress({ total, label });
  let count = 0;
  let buffer = "";
  for (const row of rows) {
    buffer += `${JSON.stringify(row)}\n`;
    count++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
      progress.advance(count);
    }
  }
  out.end(buffer);
  await once(out, "finish");
  progress.advance(count);
  progress.finish();
  return count;
}

main(async () => {
  const { values } = args({
    entities: { type: "string", default: "100000" },
    edges: { type: "string", default: "500000" },
    similarities: { type: "string" },
    seed: { type: "string", default: "42" },
    supernodes: { type: "string", default: "5" },
    "supernode-degree": { type: "string", default: "12000" },
    out: { type: "string" },
  });
  if (!values.out) throw new Error("--out DIR is required (the folder to write the files into)");
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative whole number, got "${v}"`);
    return n;
  };
  const entities = num("entities", values.entities);
  const opts: GenerateOptions = {
    entities,
    edges: num("edges", values.edges),
    similarities: values.similarities ? num("similarities", values.similarities) : Math.floor(entities / 2),
    seed: num("seed", values.seed),
    supernodes: num("supernodes", values.supernodes),
    supernodeDegree: num("supernode-degree", values["supernode-degree"]),
  };
  mkdirSync(values.out, { recursive: true });
  const kinds = syntheticKinds(opts);
  const e = await writeJsonl(path.join(values.out, "entities.jsonl"), generateEntities(opts, kinds), opts.entities, "entities");
  const r = await writeJsonl(path.join(values.out, "edges.jsonl"), generateEdges(opts, kinds), opts.edges, "edges");
  const s = await writeJsonl(path.join(values.out, "similarity.jsonl"), generateSimilarities(opts, kinds), opts.similarities, "similarity");
  say(`Wrote ${e} entities, ${r} typed edges and ${s} similarity edges to ${values.out} (seed ${opts.seed}).`);
});
