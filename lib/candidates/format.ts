// The candidate queue as text for `npm run candidates`: a table for people,
// CSV and JSON rows for scripts and evaluations. Pure.
import { csvDocument } from "../kernel/csv";
import { pairCosine } from "./explain";
import type { QueuedPair } from "./queue";

export const CSV_COLUMNS = [
  "a", "b", "score", "rank_a", "rank_b", "cosine", "lexical", "dense", "mention", "shared", "resource_allocation", "vote",
] as const;

const fixed = (x: number | null) => (x === null ? null : Number(x.toFixed(4)));

/** One pair as a JSON object: the ids, the fused score, each signal, and its rank in a's and b's lists (null: not listed). */
export function toRow(p: QueuedPair) {
  return {
    a: p.a,
    b: p.b,
    score: fixed(p.score),
    rankA: p.rankA,
    rankB: p.rankB,
    cosine: fixed(pairCosine(p.signals)),
    signals: {
      lexical: fixed(p.signals.lexical),
      dense: fixed(p.signals.dense),
      mention: fixed(p.signals.mention),
      shared: p.signals.shared,
      resourceAllocation: fixed(p.signals.resourceAllocation),
      vote: fixed(p.signals.vote),
    },
  };
}

export function toCsv(pairs: readonly QueuedPair[]): string {
  return csvDocument(
    CSV_COLUMNS,
    pairs.map((p) => {
      const r = toRow(p);
      const s = r.signals;
      return [r.a, r.b, r.score, r.rankA, r.rankB, r.cosine, s.lexical, s.dense, s.mention, s.shared, s.resourceAllocation, s.vote];
    }),
  );
}

/** A fixed-width table: position, score, the pair, and the ranks. */
export function toTable(pairs: readonly QueuedPair[], offset = 0): string {
  const lines = pairs.map((p, i) => {
    const rank = String(offset + i + 1).padStart(5);
    const ranks = `#${p.rankA ?? "–"} / #${p.rankB ?? "–"}`;
    return `${rank}  ${p.score.toFixed(3)}  ${pairCosine(p.signals).toFixed(2)}  ${ranks.padEnd(9)}  ${p.a} ↔ ${p.b}`;
  });
  return ["    #  score  cos   ranks      pair", ...lines].join("\n");
}
