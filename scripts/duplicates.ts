// npm run duplicates [-- --json | --csv] [--kind K] [--min-score S] [--limit N] [--offset N] [--test]
// Candidate duplicate pairs, best first: a table by default, JSON or CSV for
// scripts (stdout only; progress goes to stderr). Thin wrapper over lib/duplicates.
import { z } from "zod";
import { readEnv } from "../lib/config";
import { findDuplicateCandidates } from "../lib/duplicates/detect";
import { toCsv, toTable } from "../lib/duplicates/format";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { loadVocabulary } from "../lib/vocabulary";
import { args, main, say } from "./cli";

const TABLE_LIMIT = 50;

const Options = z.object({
  kind: z
    .string()
    .refine((k) => loadVocabulary().kindByKey.has(k), `--kind takes a kind of the vocabulary (${[...loadVocabulary().kindByKey.keys()].join(", ")})`)
    .optional(),
  minScore: z.coerce.number({ message: "--min-score takes a number" }).min(0, "--min-score is between 0 and 1").max(1, "--min-score is between 0 and 1").optional(),
  limit: z.coerce.number({ message: "--limit takes a number" }).int("--limit takes a whole number").min(1, "--limit is at least 1").optional(),
  offset: z.coerce.number({ message: "--offset takes a number" }).int("--offset takes a whole number").min(0, "--offset is at least 0").optional(),
});

main(async () => {
  const { values } = args({
    json: { type: "boolean", default: false },
    csv: { type: "boolean", default: false },
    kind: { type: "string" },
    "min-score": { type: "string" },
    limit: { type: "string" },
    offset: { type: "string" },
    test: { type: "boolean", default: false },
  });
  if (values.json && values.csv) throw new Error("Choose one of --json and --csv.");
  const parsed = Options.safeParse({ kind: values.kind, minScore: values["min-score"], limit: values.limit, offset: values.offset });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  const o = parsed.data;
  const table = !values.json && !values.csv;
  useConnection(await ensureDatabase(values.test ? "test" : "dev", say));

  let last = 0;
  const result = await findDuplicateCandidates({
    kind: o.kind ?? null,
    minScore: o.minScore,
    offset: o.offset,
    limit: o.limit ?? (table ? TABLE_LIMIT : undefined),
    onProgress: (phase, done, total) => {
      if (Date.now() - last < 2000) return;
      last = Date.now();
      say(`${phase}: ${done.toLocaleString("en-US")}${total ? ` of ${total.toLocaleString("en-US")}` : ""}`);
    },
  });
  const s = result.stats;
  say(
    `${result.total.toLocaleString("en-US")} candidate pairs at score ≥ ${result.minScore} (DUPLICATE_THRESHOLD ${readEnv().DUPLICATE_THRESHOLD}) ` +
      `among ${s.entities.toLocaleString("en-US")} entities; ${s.compared.toLocaleString("en-US")} pairs compared in ${s.seconds.toFixed(1)} s.`,
  );
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ threshold: result.threshold, minScore: result.minScore, total: result.total, candidates: result.candidates }, null, 2)}\n`);
  } else if (values.csv) {
    process.stdout.write(toCsv(result.candidates));
  } else {
    process.stdout.write(`${result.candidates.length ? toTable(result.candidates, o.offset ?? 0) : "No candidate duplicates."}\n`);
    const shown = (o.offset ?? 0) + result.candidates.length;
    if (shown < result.total) say(`${(result.total - shown).toLocaleString("en-US")} more: use --limit and --offset, or --json / --csv for all.`);
  }
});
