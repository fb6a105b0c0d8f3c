// Row schemas of the input formats (docs/formats.md) and their conversion
// from CSV cells. Pure: a raw object in, a typed row or field-level problems out.
import { z } from "zod";

export const ID_PATTERN = /^([a-z][a-z0-9_]*):([a-z0-9]+(?:-[a-z0-9]+)*)$/;

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const list = (max: number) => z.array(text(max)).max(500, "at most 500 items");
const url = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/\S+$/.test(v), "must be an http(s) URL");

export const EntityRowSchema = z.strictObject({
  id: z.string().regex(ID_PATTERN, "must look like kind:slug (lower-case words joined by -)"),
  kind: z.string().min(1, "must not be empty"),
  name: text(300),
  description: text(5000).optional(),
  aliases: list(300).optional(),
  status: z.string().min(1).optional(),
  mergedInto: z.string().regex(ID_PATTERN, "must be an entity id").optional(),
  year: z.number().int("must be a whole number").min(1000).max(2100).optional(),
  url: url.optional(),
  authors: list(300).optional(),
  venue: text(300).optional(),
  doi: text(300).optional(),
  arxiv: text(100).optional(),
  tldr: text(2000).optional(),
  takeaways: list(2000).optional(),
});

export const EdgeRowSchema = z.strictObject({
  source: z.string().regex(ID_PATTERN, "must be an entity id (kind:slug)"),
  relation: z.string().min(1, "must not be empty"),
  target: z.string().regex(ID_PATTERN, "must be an entity id (kind:slug)"),
  note: text(2000).optional(),
});

export const SimilarityRowSchema = z.strictObject({
  a: z.string().regex(ID_PATTERN, "must be an entity id (kind:slug)"),
  b: z.string().regex(ID_PATTERN, "must be an entity id (kind:slug)"),
  score: z.number("must be a number").min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
  method: text(100).optional(),
});

export type EntityRow = z.infer<typeof EntityRowSchema>;
export type EdgeRow = z.infer<typeof EdgeRowSchema>;
export type SimilarityRow = z.infer<typeof SimilarityRowSchema>;

export type FileKind = "entities" | "edges" | "similarity";

export const SCHEMAS = {
  entities: EntityRowSchema,
  edges: EdgeRowSchema,
  similarity: SimilarityRowSchema,
} as const;

const LIST_FIELDS = new Set(["aliases", "authors", "takeaways"]);
const NUMBER_FIELDS = new Set(["year", "score"]);

/** Turns CSV cells into the JSON shape the schemas expect; empty cells are absent. */
export function csvCellsToObject(header: string[], cells: string[]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  header.forEach((column, idx) => {
    const raw = cells[idx] ?? "";
    if (raw.trim() === "") return;
    if (LIST_FIELDS.has(column)) {
      obj[column] = raw.split("|").map((s) => s.trim()).filter((s) => s !== "");
    } else if (NUMBER_FIELDS.has(column)) {
      const num = Number(raw.trim());
      obj[column] = Number.isFinite(num) ? num : raw; // a non-number string fails the schema with a clear message
    } else {
      obj[column] = raw;
    }
  });
  return obj;
}

/** The file kind from a file name (entities*, edges*, similarity*), or null. */
export function fileKindOf(fileName: string): FileKind | null {
  const base = fileName.toLowerCase();
  if (base.startsWith("entities")) return "entities";
  if (base.startsWith("edges")) return "edges";
  if (base.startsWith("similarity")) return "similarity";
  return null;
}
