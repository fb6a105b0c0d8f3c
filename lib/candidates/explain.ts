// "Why this pair": the signals of a candidate pair in words, strongest first,
// as the queue and the entity page show them. Pure.
import { SIGNALS } from "./lists";
import { calibrated } from "./terms";

export interface PairSignals {
  /** Raw sparse TF-IDF cosine (0..1). */
  lexical: number;
  /** The sentence model's cosine, or null when none is configured. */
  dense: number | null;
  /** Best weight of a name of one found in the other's text (0: none). */
  mention: number;
  /** Typed neighbours shared (through non-hub neighbours). */
  shared: number;
  resourceAllocation: number;
  /** Σ cosine over either side's nearest texts that are linked to the other. */
  vote: number;
}

/** The signals of a stored entry (lists.ts SIGNALS order; dense -1 = no sentence model). */
export function toSignals(v: number[]): PairSignals {
  const at = (name: (typeof SIGNALS)[number]) => v[SIGNALS.indexOf(name)] ?? 0;
  const dense = at("dense");
  return { lexical: at("lexical"), dense: dense < 0 ? null : dense, mention: at("mention"), shared: at("shared"), resourceAllocation: at("resourceAllocation"), vote: at("vote") };
}

/** The cosine a person compares with SIMILARITY_THRESHOLD: the sentence model's, else the calibrated lexical one. */
export const pairCosine = (s: PairSignals) => (s.dense !== null ? s.dense : calibrated(s.lexical));

/** A fused score for people: three decimals, or two significant digits when it is tiny. */
export const formatScore = (p: number) => (p >= 0.001 || p === 0 ? p.toFixed(3) : p.toPrecision(2));

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line, e.g. "cosine 0.81 · one's name in the other's text · 2 shared neighbours (Transformer, …) · linked to 3 similar entities". */
export function explain(s: PairSignals, sharedNames: string[] = []): string {
  const parts: string[] = [];
  parts.push(s.dense !== null ? `cosine ${s.dense.toFixed(2)} (text ${calibrated(s.lexical).toFixed(2)})` : `cosine ${calibrated(s.lexical).toFixed(2)}`);
  if (s.mention > 0) parts.push(s.mention >= 0.5 ? "one's name in the other's text" : "one's (common) name in the other's text");
  const shared = Math.max(s.shared, sharedNames.length);
  if (shared > 0) {
    const names = sharedNames.slice(0, 2).join(", ");
    parts.push(`${plural(shared, "shared neighbour")}${names ? ` (${names}${sharedNames.length > 2 ? ", …" : ""})` : ""}`);
  }
  if (s.vote > 0) parts.push("linked to entities with similar text");
  return parts.join(" · ");
}
