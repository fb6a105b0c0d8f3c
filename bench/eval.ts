// npm run eval [-- --dataset NAME] [--split test|dev] [--provider lexical,minilm] [--benchmarks DIR] [--skip-baseline]
// Candidate-edge quality on public link benchmarks (../shared/benchmarks), on
// the test database (never the user's data). Per dataset: convert it to our
// ingest format, load it into a fresh database through the real ingest, run
// the real similarity and candidate pipeline, read the stored lists back, and
// print recall@1/5/10/20 of the held-out links with the queue size and the
// time, beside an exact TF-IDF baseline computed in the same run on the same
// texts. A benchmark script, not a test: it prints numbers, it asserts nothing.
import path from "node:path";
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { queuePairs } from "../lib/candidates/queue";
import { ingest } from "../lib/ingest/ingest";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { ensureSchema } from "../lib/neo4j/schema";
import { resetTestDatabase } from "../lib/neo4j/test-database";
import { createModelEmbedder } from "../lib/similarity/embedder";
import { computeSimilarity } from "../lib/similarity/run";
import { args, main, say } from "../scripts/cli";
import { LINK_DATASETS, prepareLinks } from "./datasets";
import { baselineLists, heldOutPairs, KS, rankFromLists, recallAt, unionSize, type RankOf } from "./links";

const out = (line = "") => process.stdout.write(`${line}\n`);
const fmt = (x: number) => x.toLocaleString("en-US");
const PROVIDERS = ["lexical", "minilm", "bge-small"] as const;

interface Row {
  dataset: string;
  entities: number;
  links: number;
  method: string;
  recall: number[];
  queue: number;
  seconds: number;
  note?: string;
}

/** The stored lists, read back the way `npm run candidates` reads them. */
async function storedRanks(): Promise<{ rankOf: RankOf; queue: number }> {
  const pairs = await queuePairs();
  const ranks = new Map<string, number>();
  for (const p of pairs) {
    if (p.rankA !== null) ranks.set(`${p.a}|${p.b}`, p.rankA);
    if (p.rankB !== null) ranks.set(`${p.b}|${p.a}`, p.rankB);
  }
  return { rankOf: (a, b) => ranks.get(`${a}|${b}`) ?? Infinity, queue: pairs.length };
}

main(async () => {
  const { values } = args({
    dataset: { type: "string" },
    split: { type: "string", default: "test" },
    provider: { type: "string", default: "lexical" },
    benchmarks: { type: "string", default: path.resolve(PROJECT_ROOT, "..", "shared", "benchmarks") },
    "skip-baseline": { type: "boolean", default: false },
  });
  if (values.split !== "test" && values.split !== "dev") throw new Error("--split is test or dev");
  const split = values.split;
  const providers = values.provider.split(",").map((p) => p.trim());
  for (const p of providers) if (!(PROVIDERS as readonly string[]).includes(p)) throw new Error(`--provider takes ${PROVIDERS.join(", ")} (comma-separated), not "${p}"`);
  const datasets = values.dataset ? LINK_DATASETS.filter((d) => d.name === values.dataset?.toLowerCase()) : LINK_DATASETS;
  if (datasets.length === 0) throw new Error(`No dataset "${values.dataset}": known are ${LINK_DATASETS.map((d) => d.name).join(", ")}`);
  const conn = await ensureDatabase("test", say);
  useConnection(conn);
  const k = readEnv().CANDIDATES_TOP_K;
  const rows: Row[] = [];
  const fits: string[] = [];

  for (const ds of datasets) {
    say(`${ds.name}: converting ${path.join(values.benchmarks, ds.folder)}…`);
    const prepared = prepareLinks(ds, values.benchmarks, path.join(PROJECT_ROOT, ".neo4j", "eval-data", ds.name));
    const c = prepared.converted;
    for (const n of c.notes) say(`${ds.name}: ${n}`);
    const pairs = heldOutPairs(prepared.heldOut[split], c.edges);
    const base = { dataset: ds.name, entities: c.entities.length, links: pairs.length };

    for (const provider of providers) {
      say(`${ds.name} (${provider}): a fresh test database, ingest, similarity and candidates…`);
      await resetTestDatabase(conn.uri);
      await ensureSchema();
      const env = { ...readEnv(), SIMILARITY_PROVIDER: provider as (typeof PROVIDERS)[number] };
      const t0 = performance.now();
      await ingest({ paths: [prepared.dir], batchSize: 5000 });
      const ingested = performance.now();
      let lastSay = 0;
      const summary = await computeSimilarity({
        full: true,
        env,
        embedder: await createModelEmbedder(env),
        onNote: say,
        onProgress: (done, total, phase) => {
          if (Date.now() - lastSay < 5000 && done !== total) return;
          lastSay = Date.now();
          say(`  ${phase} ${fmt(done)} / ${fmt(total)}`);
        },
      });
      const seconds = (performance.now() - ingested) / 1000;
      const stored = await storedRanks();
      rows.push({
        ...base,
        method: `Interp Atlas (${provider})`,
        recall: recallAt(pairs, stored.rankOf),
        queue: stored.queue,
        seconds,
        note: `ingest ${((ingested - t0) / 1000).toFixed(1)} s`,
      });
      if (summary.fit) {
        const f = summary.fit;
        fits.push(
          `${ds.name} (${provider}): fusion fitted on ${fmt(f.heldOut)} held-out typed edges (${fmt(f.queries)} queries); ` +
            `pool recall ${f.poolRecall.toFixed(3)}, validation recall@${k} ${f.validationRecall.toFixed(3)}, ridge ${f.l2}`,
        );
      } else fits.push(`${ds.name} (${provider}): too few typed edges to fit; the prior model ranked`);
    }

    if (!values["skip-baseline"]) {
      say(`${ds.name}: exact TF-IDF baseline over ${fmt(c.entities.length)} texts…`);
      const t = performance.now();
      let lastSay = 0;
      const lists = baselineLists({
        ids: c.entities.map((e) => e.id),
        texts: c.entities.map((e) => [e.name, ...(e.aliases ?? []), e.description ?? ""].join(" ")),
        edges: c.edges,
        k,
        onProgress: (done, total) => {
          if (Date.now() - lastSay < 5000 && done !== total) return;
          lastSay = Date.now();
          say(`  baseline ${fmt(done)} / ${fmt(total)}`);
        },
      });
      rows.push({ ...base, method: "exact TF-IDF baseline", recall: recallAt(pairs, rankFromLists(lists)), queue: unionSize(lists), seconds: (performance.now() - t) / 1000 });
    }
  }

  out(`\nCandidate edges: recall@k of held-out links (${split} split; pairs with no train link, each counted once;`);
  out(`found at k when either entity lists the other among its first k candidates). k = ${k}; ${conn.uri}`);
  out();
  const head = ["dataset", "entities", "links", "method", ...KS.map((x) => `R@${x}`), "queue", "time"];
  const table = rows.map((r) => [
    r.dataset, fmt(r.entities), fmt(r.links), r.method, ...r.recall.map((x) => x.toFixed(3)), fmt(r.queue), `${r.seconds.toFixed(1)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i <= 3 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  out(line(head));
  for (const t of table) out(line(t));
  out();
  for (const ds of datasets) {
    const b = rows.find((r) => r.dataset === ds.name && r.method.startsWith("exact"));
    for (const r of rows.filter((x) => x.dataset === ds.name && !x.method.startsWith("exact"))) {
      const ratio = b && (b.recall[3] as number) > 0 ? ((r.recall[3] as number) / (b.recall[3] as number)).toFixed(2) : "n/a";
      out(`${ds.name}: ${r.method} recall@${KS[3]} = ${ratio}× the baseline (target ≥ 1.2×); ${r.note ?? ""}`);
    }
  }
  for (const f of fits) out(f);
});
