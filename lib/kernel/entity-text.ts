// What an entity's similarity is computed from: its name, aliases and description,
// and a hash of exactly that, so an entity whose text did not change is never
// embedded again. Pure.
import { createHash } from "node:crypto";

export interface EmbeddingInput {
  id: string;
  name: string;
  aliases: string[];
  description: string | null;
}

/** The text sent to sentence-embedding models: name, aliases, then description. */
export function embeddingText(e: EmbeddingInput): string {
  const head = e.aliases.length ? `${e.name} (${e.aliases.join("; ")})` : e.name;
  return e.description ? `${head}. ${e.description}` : head;
}

/** Hash of the embedded fields (not of the id: renaming an id is not a text change). */
export function textHash(e: EmbeddingInput): string {
  return createHash("sha1").update(JSON.stringify([e.name, e.aliases, e.description ?? ""])).digest("base64url").slice(0, 22);
}

const STOPWORDS = new Set(
  (
    "a an and are as at be by for from has have in into is it its of on or that the their them these this those to was " +
    "were which with without than then there when where who whom how what why can may might also both each other such " +
    "one two its our we you they he she his her not no only over under more most very so up out about after before"
  ).split(" "),
);

const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_SEPARATORS = /[^a-z0-9]+/;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const DIGIT = /\d/;

/** Lower-case words of letters and digits, accents folded, stopwords dropped, plural -s trimmed. */
export function words(text: string): string[] {
  // Plain ASCII (most text) needs no folding, and its letters and digits are [a-z0-9]:
  // the same words as the general path, found several times faster.
  const ascii = !NON_ASCII.test(text);
  const folded = ascii ? text.toLowerCase() : text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const out: string[] = [];
  for (const raw of folded.split(ascii ? ASCII_SEPARATORS : SEPARATORS)) {
    if (raw.length < 2 && !DIGIT.test(raw)) continue;
    if (STOPWORDS.has(raw)) continue;
    out.push(stem(raw));
  }
  return out;
}

/** A deliberately tiny stemmer: plural forms meet their singular ("heads" = "head", "circuits" = "circuit"). */
export function stem(w: string): string {
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.slice(0, -1);
  return w;
}

/** Character n-grams of a word with boundary marks: "head" → "^he", "hea", "ead", "ad$" (n = 3). */
export function charGrams(word: string, n = 3): string[] {
  const padded = `^${word}$`;
  if (padded.length <= n) return [padded];
  const out: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  return out;
}
