// Runtime configuration read from the environment, validated once with zod.
// Shared by scripts, tests and the Next.js server (no `server-only` here).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * Project root: the folder holding package.json. lib/ lives directly under it;
 * inside a Next.js bundle that does not hold, and the server's cwd is the root.
 */
export const PROJECT_ROOT = ((): string => {
  const fromSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  return existsSync(path.join(fromSource, "package.json")) ? fromSource : process.cwd();
})();

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const port = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).optional().default(fallback);

/** "true"/"1" or "false"/"0" (unset or empty: the fallback). */
const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? "").trim().toLowerCase();
      if (t === "") return fallback;
      if (t === "true" || t === "1") return true;
      if (t === "false" || t === "0") return false;
      ctx.addIssue({ code: "custom", message: "expected true or false" });
      return z.NEVER;
    });

const EnvSchema = z.object({
  NEO4J_URI: optionalString,
  NEO4J_USERNAME: optionalString,
  NEO4J_PASSWORD: optionalString,
  NEO4J_DATABASE: optionalString,
  NEO4J_TEST_URI: optionalString,
  NEO4J_TEST_USERNAME: optionalString,
  NEO4J_TEST_PASSWORD: optionalString,
  NEO4J_TEST_DATABASE: optionalString,
  NEO4J_PORT: port(7687),
  NEO4J_TEST_PORT: port(7688),
  SIMILARITY_THRESHOLD: z.coerce.number().min(0).max(1).optional().default(0.65),
  RESTATE_THRESHOLD: z.coerce.number().min(0).max(1).optional().default(0.9),
  /** Minimum score of a proposed duplicate pair (lib/duplicates; chosen with npm run bench:duplicates). */
  DUPLICATE_THRESHOLD: z.coerce.number().min(0).max(1).optional().default(0.6),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).optional().default(5000),
  // Curation (lib/auth, lib/curation).
  ATLAS_READ_REQUIRES_SIGN_IN: flag(false),
  ATLAS_SESSION_HOURS: z.coerce.number().min(0.01).max(24 * 365).optional().default(168),
  ATLAS_RATE_LIMIT_PER_MINUTE: z.coerce.number().min(1).max(100_000).optional().default(60),
  ATLAS_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100_000).optional().default(20),
  /** Memory for rendered anonymous pages (lib/page-cache); 0 turns the cache off. */
  ATLAS_PAGE_CACHE_MB: z.coerce.number().min(0).max(65_536).optional().default(64),
  SIMILARITY_PROVIDER: z.enum(["lexical", "minilm", "bge-small", "transformers", "http"]).optional().default("lexical"),
  /** Entries in every entity's ranked candidate list (lib/candidates). */
  CANDIDATES_TOP_K: z.coerce.number().int().min(1).max(100).optional().default(20),
  SIMILARITY_TOP_K: z.coerce.number().int().min(1).max(200).optional().default(20),
  /** Model name: the hub id for transformers, the `model` field for http. */
  EMBEDDING_MODEL: optionalString,
  /** A local folder holding a transformers.js model (no download). */
  EMBEDDING_MODEL_PATH: optionalString,
  EMBEDDING_API_URL: optionalString,
  EMBEDDING_API_KEY: optionalString,
  /** http: asked of the endpoint when set (OpenAI `dimensions`). */
  EMBEDDING_DIMENSIONS: z.coerce.number().int().min(8).max(4096).optional(),
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).optional().default(64),
  EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional().default(30_000),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; throws a readable error naming the bad variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ");
    throw new Error(`Invalid configuration in the environment: ${problems}`);
  }
  return parsed.data;
}
