// Small file helpers for tests: temporary copies of the dataset, CSV
// conversion, and synthetic sets written in the ingest formats.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateEdges, generateEntities, generateSimilarities, syntheticKinds, type GenerateOptions } from "../../lib/ingest/generate";
import { DATA_DIR } from "./db";

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `atlas-${prefix}-`));
}

export function copyOfData(): string {
  const dir = tempDir("data");
  cpSync(DATA_DIR, dir, { recursive: true });
  return dir;
}

export function readJsonl<T = Record<string, unknown>>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

const csvCell = (v: unknown) => {
  if (v === undefined || v === null) return "";
  const s = Array.isArray(v) ? v.join("|") : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Writes the same rows as CSV with a header of every column that occurs. */
export function jsonlToCsv(jsonlFile: string, csvFile: string): void {
  const rows = readJsonl(jsonlFile);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = [columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))];
  writeFileSync(csvFile, `${lines.join("\n")}\n`);
}

export function writeSynthetic(dir: string, opts: GenerateOptions): void {
  const kinds = syntheticKinds(opts);
  const dump = (file: string, rows: Iterable<unknown>) => {
    const parts: string[] = [];
    for (const r of rows) parts.push(JSON.stringify(r));
    writeFileSync(path.join(dir, file), `${parts.join("\n")}\n`);
  };
  dump("entities.jsonl", generateEntities(opts, kinds));
  dump("edges.jsonl", generateEdges(opts, kinds));
  dump("similarity.jsonl", generateSimilarities(opts, kinds));
}
