// Reads ingest input (files or folders) into typed rows, each remembering the
// file and line it came from. Problems are collected, never thrown, so a run
// can report every bad row at once.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { csvCellsToObject, fileKindOf, SCHEMAS, type EdgeRow, type EntityRow, type FileKind, type SimilarityRow } from "./rows";
import { parseCsv } from "./csv";

export interface Loc {
  file: string;
  line: number;
}

export interface IngestError extends Loc {
  field: string;
  message: string;
}

export interface Located<T> {
  row: T;
  loc: Loc;
}

export interface InputFile {
  path: string;
  kind: FileKind;
  format: "jsonl" | "csv";
  rows: number;
}

export interface ParsedInput {
  files: InputFile[];
  entities: Located<EntityRow>[];
  edges: Located<EdgeRow>[];
  similarities: Located<SimilarityRow>[];
  errors: IngestError[];
  /** vocabulary.json found among the inputs, if any. */
  vocabularyFile: string | null;
}

export function formatError(e: IngestError): string {
  return `${e.file}:${e.line}: ${e.field} — ${e.message}`;
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

/** Expands folders (recursively) into the .jsonl/.csv files they hold, sorted. */
export function listInputFiles(paths: string[]): { files: string[]; vocabularyFile: string | null; errors: IngestError[] } {
  const files: string[] = [];
  const errors: IngestError[] = [];
  let vocabularyFile: string | null = null;
  const visit = (p: string, explicit: boolean) => {
    if (!existsSync(p)) {
      errors.push({ file: display(p), line: 0, field: "(path)", message: "no such file or folder" });
      return;
    }
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith(".")) continue;
        visit(path.join(p, name), false);
      }
      return;
    }
    const base = path.basename(p);
    if (base === "vocabulary.json") {
      vocabularyFile ??= p;
      return;
    }
    const ext = path.extname(base).toLowerCase();
    if (ext !== ".jsonl" && ext !== ".csv") {
      if (explicit) errors.push({ file: display(p), line: 0, field: "(file)", message: "expected a .jsonl or .csv file" });
      return;
    }
    if (!fileKindOf(base)) {
      errors.push({
        file: display(p),
        line: 0,
        field: "(file name)",
        message: "the name must start with entities, edges or similarity (see docs/formats.md)",
      });
      return;
    }
    files.push(p);
  };
  for (const p of paths) visit(path.resolve(p), true);
  return { files, vocabularyFile, errors };
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  if (issue.code === "unrecognized_keys") {
    return { field: issue.keys.join(", "), message: "unknown field (see docs/formats.md)" };
  }
  const field = issue.path.length ? issue.path.map(String).join(".") : "(row)";
  const message = /received undefined/.test(issue.message) ? "is required" : issue.message;
  return { field, message };
}

type RowOf<K extends FileKind> = K extends "entities" ? EntityRow : K extends "edges" ? EdgeRow : SimilarityRow;

function validateObject<K extends FileKind>(kind: K, obj: unknown, loc: Loc, out: ParsedInput): void {
  const parsed = SCHEMAS[kind].safeParse(obj);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) out.errors.push({ ...loc, ...describeIssue(issue) });
    return;
  }
  const located = { row: parsed.data as RowOf<K>, loc };
  if (kind === "entities") out.entities.push(located as Located<EntityRow>);
  else if (kind === "edges") out.edges.push(located as Located<EdgeRow>);
  else out.similarities.push(located as Located<SimilarityRow>);
}

function readJsonl(file: string, kind: FileKind, content: string, out: ParsedInput): number {
  let rows = 0;
  const lines = content.split("\n");
  const name = display(file);
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === "") continue;
    rows++;
    const loc = { file: name, line: i + 1 };
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      out.errors.push({ ...loc, field: "(json)", message: `malformed JSON: ${(err as Error).message}` });
      continue;
    }
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      out.errors.push({ ...loc, field: "(json)", message: "each line must be one JSON object" });
      continue;
    }
    validateObject(kind, obj, loc, out);
  }
  return rows;
}

function readCsvFile(file: string, kind: FileKind, content: string, out: ParsedInput): number {
  const name = display(file);
  const { records, errors } = parseCsv(content);
  for (const e of errors) out.errors.push({ file: name, line: e.line, field: "(csv)", message: `malformed CSV: ${e.message}` });
  const [header, ...body] = records;
  if (!header) {
    out.errors.push({ file: name, line: 1, field: "(header)", message: "the CSV file has no header row" });
    return 0;
  }
  const columns = header.fields.map((c) => c.trim());
  for (const rec of body) {
    const loc = { file: name, line: rec.line };
    if (rec.fields.length !== columns.length) {
      out.errors.push({
        ...loc,
        field: "(csv)",
        message: `malformed CSV: ${rec.fields.length} fields where the header has ${columns.length}`,
      });
      continue;
    }
    validateObject(kind, csvCellsToObject(columns, rec.fields), loc, out);
  }
  return body.length;
}

/** Reads and schema-checks every row of the given files and folders. */
export function readInput(paths: string[]): ParsedInput {
  const listed = listInputFiles(paths);
  const out: ParsedInput = {
    files: [],
    entities: [],
    edges: [],
    similarities: [],
    errors: [...listed.errors],
    vocabularyFile: listed.vocabularyFile,
  };
  for (const file of listed.files) {
    const kind = fileKindOf(path.basename(file)) as FileKind;
    const format = path.extname(file).toLowerCase() === ".csv" ? "csv" : "jsonl";
    let content: string;
    try {
      content = readFileSync(file, "utf8");
    } catch (err) {
      out.errors.push({ file: display(file), line: 0, field: "(file)", message: (err as Error).message });
      continue;
    }
    const rows = format === "csv" ? readCsvFile(file, kind, content, out) : readJsonl(file, kind, content, out);
    out.files.push({ path: display(file), kind, format, rows });
  }
  return out;
}
