// Input of the curation writes, validated with zod. Shared by the JSON routes,
// the server actions and lib/curation/write.ts (which parses again: lib never
// trusts its callers). No `server-only`: tests use these schemas directly.
import { z } from "zod";
import { ID_PATTERN } from "../ingest/rows";
import { loadVocabulary } from "../vocabulary";

const EntityId = z.string().regex(ID_PATTERN, "not an entity id (kind:slug)");

/** Client-chosen, so a retry can repeat it: UUIDs or any 8-100 URL-safe characters. */
export const OpIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "an operation id is 8-100 letters, digits, _ or -");

const NoteSchema = z
  .string()
  .max(2000, "a note has at most 2,000 characters")
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? null : v.trim()));

export const AcceptSchema = z
  .object({
    opId: OpIdSchema,
    source: EntityId,
    target: EntityId,
    relation: z.string().refine((r) => loadVocabulary().relationByKey.has(r), "not a relation of the vocabulary"),
    note: NoteSchema,
  })
  .refine((v) => v.source !== v.target, { message: "an edge joins two different entities", path: ["target"] });

export const PairSchema = z
  .object({ opId: OpIdSchema, a: EntityId, b: EntityId })
  .refine((v) => v.a !== v.b, { message: "a pair joins two different entities", path: ["b"] });

export const UndoSchema = z.object({ opId: OpIdSchema, target: OpIdSchema });

/** Duplicate curation (lib/duplicates/merge.ts): the loser becomes a redirect to the survivor. */
export const MergeSchema = z
  .object({ opId: OpIdSchema, survivor: EntityId, loser: EntityId })
  .refine((v) => v.survivor !== v.loser, { message: "an entity cannot be merged into itself", path: ["loser"] });

export type AcceptInput = z.input<typeof AcceptSchema>;
export type PairInput = z.input<typeof PairSchema>;
export type UndoInput = z.input<typeof UndoSchema>;
export type MergeInput = z.input<typeof MergeSchema>;

export const ACTIONS = ["accept", "dismiss", "duplicate-suspected", "merge", "not-same", "undo"] as const;
export type Action = (typeof ACTIONS)[number];

/** Issues of a failed parse as one readable line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
}
