// One ingest run: read every row, validate all of them (reporting every
// problem with file, line and field), and only then write, all-or-nothing.
import { readQuery } from "../neo4j/driver";
import { ensureSchema } from "../neo4j/schema";
import { loadVocabulary, type Vocabulary } from "../vocabulary";
import { formatError, readInput, type IngestError, type ParsedInput } from "./read";
import { referencedButUndefined, validateInput } from "./validate";
import { describeRemap } from "./remap";
import { writeInput, type ChangeCounts, type WriteSummary } from "./write";

export class IngestValidationError extends Error {
  constructor(readonly errors: IngestError[]) {
    const shown = errors.slice(0, 200).map(formatError);
    const more = errors.length > shown.length ? `\n… and ${errors.length - shown.length} more` : "";
    super(
      `${errors.length} problem${errors.length === 1 ? "" : "s"} found; nothing was written.\n${shown.join("\n")}${more}`,
    );
    this.name = "IngestValidationError";
  }
}

export interface IngestOptions {
  paths: string[];
  dryRun?: boolean;
  batchSize: number;
  onRead?: (input: ParsedInput) => void;
  onProgress?: (rowsDone: number, totalRows: number, phase: string) => void;
  /** Milestones, for benchmarks: input validated (writing starts), transaction committed. */
  onStage?: (stage: "validated" | "committed") => void;
}

export interface IngestResult {
  files: ParsedInput["files"];
  rows: { entities: number; edges: number; similarities: number };
  dryRun: boolean;
  summary: WriteSummary | null;
  seconds: number;
}

export const FIND_EXISTING_IDS = "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id";

async function existingIds(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const rows = await readQuery(FIND_EXISTING_IDS, { ids: ids.slice(i, i + 10_000) });
    for (const r of rows) found.add(String(r.id));
  }
  return found;
}

/** Validates and (unless dryRun) loads the given files and folders. */
export async function ingest(opts: IngestOptions): Promise<IngestResult> {
  const started = Date.now();
  const input = readInput(opts.paths);
  opts.onRead?.(input);
  let vocab: Vocabulary;
  try {
    vocab = loadVocabulary(input.vocabularyFile ?? undefined);
  } catch (err) {
    throw new IngestValidationError([
      { file: input.vocabularyFile ?? "data/vocabulary.json", line: 0, field: "(vocabulary)", message: (err as Error).message },
    ]);
  }
  if (input.files.length === 0 && input.errors.length === 0) {
    throw new IngestValidationError([
      { file: opts.paths.join(", "), line: 0, field: "(path)", message: "no entities*, edges* or similarity* .jsonl/.csv files found" },
    ]);
  }
  const external = referencedButUndefined(input);
  const errors = [...input.errors, ...validateInput(input, vocab, await existingIds(external))];
  if (errors.length > 0) throw new IngestValidationError(errors);

  const rows = { entities: input.entities.length, edges: input.edges.length, similarities: input.similarities.length };
  if (opts.dryRun) {
    return { files: input.files, rows, dryRun: true, summary: null, seconds: (Date.now() - started) / 1000 };
  }
  await ensureSchema();
  opts.onStage?.("validated");
  const total = rows.entities + rows.edges + rows.similarities;
  const summary = await writeInput(
    {
      entities: input.entities.map((e) => e.row),
      edges: input.edges.map((e) => e.row),
      similarities: input.similarities.map((e) => e.row),
    },
    vocab,
    { batchSize: opts.batchSize, onProgress: (done, phase) => opts.onProgress?.(done, total, phase) },
  );
  opts.onStage?.("committed");
  return { files: input.files, rows, dryRun: false, summary, seconds: (Date.now() - started) / 1000 };
}

function totals(group: Record<string, ChangeCounts>): ChangeCounts {
  const t = { created: 0, updated: 0, unchanged: 0 };
  for (const c of Object.values(group)) {
    t.created += c.created;
    t.updated += c.updated;
    t.unchanged += c.unchanged;
  }
  return t;
}

/** A human summary of a run, e.g. for the CLI. */
export function describeResult(result: IngestResult): string {
  const lines: string[] = [];
  const { rows } = result;
  const totalRows = rows.entities + rows.edges + rows.similarities;
  lines.push(
    `${result.files.length} file${result.files.length === 1 ? "" : "s"}, ${totalRows.toLocaleString("en-US")} rows ` +
      `(${rows.entities.toLocaleString("en-US")} entities, ${rows.edges.toLocaleString("en-US")} typed edges, ` +
      `${rows.similarities.toLocaleString("en-US")} similarity edges) in ${result.seconds.toFixed(1)} s`,
  );
  if (result.dryRun || !result.summary) {
    lines.push("Dry run: every row is valid; nothing was written.");
    return lines.join("\n");
  }
  const s = result.summary;
  const all = totals({ ...prefixKeys("e:", s.entities), ...prefixKeys("r:", s.edges), sim: s.similarity });
  if (all.created === 0 && all.updated === 0) {
    lines.push("Nothing changed: the database already held every row exactly as given.");
  }
  const table = (title: string, group: Record<string, ChangeCounts>) => {
    const keys = Object.keys(group).sort();
    if (keys.length === 0) return;
    lines.push(title);
    const width = Math.max(...keys.map((k) => k.length), 10);
    for (const k of keys) {
      const c = group[k] as ChangeCounts;
      lines.push(`  ${k.padEnd(width)}  created ${String(c.created).padStart(7)}  updated ${String(c.updated).padStart(7)}  unchanged ${String(c.unchanged).padStart(7)}`);
    }
  };
  const redirected = describeRemap(s.redirected);
  if (redirected) lines.push(redirected);
  table("Entities by kind:", s.entities);
  table("Typed edges by relation:", s.edges);
  table("Similarity edges:", { similarity: s.similarity });
  return lines.join("\n");
}

function prefixKeys(prefix: string, group: Record<string, ChangeCounts>): Record<string, ChangeCounts> {
  return Object.fromEntries(Object.entries(group).map(([k, v]) => [prefix + k, v]));
}

/** Rows that created or updated something (0 for a no-op run or a dry run). */
export function changedRows(result: IngestResult): number {
  const s = result.summary;
  if (!s) return 0;
  return [...Object.values(s.entities), ...Object.values(s.edges), s.similarity].reduce((n, c) => n + c.created + c.updated, 0);
}
