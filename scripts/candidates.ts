// npm run candidates [-- --json | --csv] [--min-score S] [--min-cosine C] [--kind-a K] [--kind-b K] [--limit N] [--test]
// Every open candidate pair (no typed edge, no decision), best fused score
// first, with each signal and the pair's rank in a's and in b's list: a table
// by default (first 50), JSON or CSV for scripts and evaluations (stdout only;
// progress goes to stderr). Thin wrapper over lib/candidates.
import { z } from "zod";
import { toCsv, toRow, toTable } from "../lib/candidates/format";
import { queuePairs } from "../lib/candidates/queue";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { loadVocabulary } from "../lib/vocabulary";
import { args, main, say } from "./cli";

const TABLE_LIMIT = 50;
const kind = (flag: string) =>
  z
    .string()
    .refine((k) => loadVocabulary().kindByKey.has(k), `${flag} takes a kind of the vocabulary (${[...loadVocabulary().kindByKey.keys()].join(", ")})`)
    .optional();
const share = (flag: string) => z.coerce.number({ message: `${flag} takes a number` }).min(0, `${flag} is between 0 and 1`).max(1, `${flag} is between 0 and 1`).optional();

const Options = z.object({
  minScore: share("--min-score"),
  minCosine: share("--min-cosine"),
  kindA: kind("--kind-a"),
  kindB: kind("--kind-b"),
  limit: z.coerce.number({ message: "--limit takes a number" }).int("--limit takes a whole number").min(1, "--limit is at least 1").optional(),
});

main(async () => {
  const { values } = args({
    json: { type: "boolean", default: false },
    csv: { type: "boolean", default: false },
    "min-score": { type: "string" },
    "min-cosine": { type: "string" },
    "kind-a": { type: "string" },
    "kind-b": { type: "string" },
    limit: { type: "string" },
    test: { type: "boolean", default: false },
  });
  if (values.json && values.csv) throw new Error("Choose one of --json and --csv.");
  const parsed = Options.safeParse({
    minScore: values["min-score"], minCosine: values["min-cosine"], kindA: values["kind-a"], kindB: values["kind-b"], limit: values.limit,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  const o = parsed.data;
  const table = !values.json && !values.csv;
  useConnection(await ensureDatabase(values.test ? "test" : "dev", say));
  const started = Date.now();
  const filters = { kindA: o.kindA ?? null, kindB: o.kindB ?? null, minScore: o.minScore ?? 0, minCosine: o.minCosine ?? 0 };
  say("Reading every entity's candidate list…");
  const all = await queuePairs(filters, (owners) => say(`read the lists of ${owners.toLocaleString("en-US")} entities`));
  const pairs = all.slice(0, o.limit ?? (table ? TABLE_LIMIT : Infinity));
  say(`${all.length.toLocaleString("en-US")} open candidate pairs${pairs.length < all.length ? ` (${pairs.length.toLocaleString("en-US")} shown)` : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (values.json) process.stdout.write(`${JSON.stringify({ filters, total: all.length, candidates: pairs.map(toRow) }, null, 1)}\n`);
  else if (values.csv) process.stdout.write(toCsv(pairs));
  else process.stdout.write(`${pairs.length ? toTable(pairs) : "No open candidates."}\n`);
});
