// The vocabulary of kinds, relations and statuses. It is data
// (data/vocabulary.json), validated here; Neo4j relationship types are derived
// from validated relation keys only, never from raw input.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "./config";
import bundledVocabulary from "../data/vocabulary.json";

const KEY = /^[a-z][a-z0-9_]*$/;

const KindSchema = z.object({
  key: z.string().regex(KEY, "kind keys are lower-case words joined by _"),
  label: z.string().min(1),
  plural: z.string().min(1),
  tier: z.enum(["core", "peripheral"]),
});

const RelationSchema = z.object({
  key: z.string().regex(KEY, "relation keys are lower-case words joined by _"),
  forward: z.string().min(1),
  inverse: z.string().min(1),
  symmetric: z.boolean().optional().default(false),
});

const VocabularySchema = z
  .object({
    kinds: z.array(KindSchema).min(1),
    relations: z.array(RelationSchema).min(1),
    statuses: z.array(z.string().min(1)).min(1),
  })
  .superRefine((v, ctx) => {
    const dup = (keys: string[]) => keys.find((k, i) => keys.indexOf(k) !== i);
    const kind = dup(v.kinds.map((k) => k.key));
    if (kind) ctx.addIssue({ code: "custom", path: ["kinds"], message: `kind "${kind}" is listed twice` });
    const rel = dup(v.relations.map((r) => r.key));
    if (rel) ctx.addIssue({ code: "custom", path: ["relations"], message: `relation "${rel}" is listed twice` });
    if (v.relations.some((r) => r.key === "similar_to")) {
      ctx.addIssue({ code: "custom", path: ["relations"], message: `"similar_to" is reserved for similarity edges` });
    }
  });

export type KindDef = z.infer<typeof KindSchema>;
export type RelationDef = z.infer<typeof RelationSchema>;

export interface Vocabulary {
  kinds: KindDef[];
  relations: RelationDef[];
  statuses: string[];
  kindByKey: Map<string, KindDef>;
  relationByKey: Map<string, RelationDef>;
}

export const DEFAULT_VOCABULARY_PATH = path.join(PROJECT_ROOT, "data", "vocabulary.json");

export function parseVocabulary(json: unknown, file = "vocabulary.json"): Vocabulary {
  const parsed = VocabularySchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${file}: ${i.path.join(".")} — ${i.message}`);
    throw new Error(`Invalid vocabulary:\n${problems.join("\n")}`);
  }
  const v = parsed.data;
  return {
    ...v,
    kindByKey: new Map(v.kinds.map((k) => [k.key, k])),
    relationByKey: new Map(v.relations.map((r) => [r.key, r])),
  };
}

const cache = new Map<string, Vocabulary>();

/** The vocabulary of a vocabulary.json file, or the project's own (data/vocabulary.json) without a file. */
export function loadVocabulary(file?: string): Vocabulary {
  if (file === undefined || path.resolve(file) === DEFAULT_VOCABULARY_PATH) {
    // Bundled at build time, so the app never reads files at run time.
    const hit = cache.get("");
    if (hit) return hit;
    const vocab = parseVocabulary(bundledVocabulary, "data/vocabulary.json");
    cache.set("", vocab);
    return vocab;
  }
  const hit = cache.get(file);
  if (hit) return hit;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`Cannot read the vocabulary ${file}: ${(err as Error).message}`);
  }
  const vocab = parseVocabulary(json, file);
  cache.set(file, vocab);
  return vocab;
}

/** The Neo4j relationship type of a validated relation key (e.g. extracted_from → EXTRACTED_FROM). */
export function relationType(vocab: Vocabulary, key: string): string {
  const rel = vocab.relationByKey.get(key);
  if (!rel) throw new Error(`Unknown relation "${key}"`);
  return rel.key.toUpperCase();
}

/** Relation key of a Neo4j relationship type, or null for types outside the vocabulary. */
export function relationKeyOfType(vocab: Vocabulary, type: string): string | null {
  const key = type.toLowerCase();
  return vocab.relationByKey.has(key) ? key : null;
}
