// Duplicate candidates as text for `npm run duplicates`: a table for people,
// CSV (RFC 4180) and JSON for scripts. Pure.
import { csvField } from "../kernel/csv";
import type { DuplicateCandidate } from "./types";

export const CSV_COLUMNS = [
  "score", "a_id", "a_kind", "a_name", "b_id", "b_kind", "b_name",
  "names", "cosine", "shared_neighbours", "suspected_by", "explanation",
] as const;


export function toCsv(candidates: readonly DuplicateCandidate[]): string {
  const rows = candidates.map((c) =>
    [
      c.score.toFixed(4), c.a.id, c.a.kind, c.a.name, c.b.id, c.b.kind, c.b.name,
      c.reasons.names.toFixed(4), c.reasons.cosine === null ? null : c.reasons.cosine.toFixed(4),
      c.reasons.sharedNeighbours, c.reasons.suspectedBy, c.explanation,
    ].map(csvField).join(","),
  );
  return `${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** A fixed-width table: rank, score, the two entities, and why. */
export function toTable(candidates: readonly DuplicateCandidate[], offset = 0): string {
  const lines = candidates.map((c, i) => {
    const rank = String(offset + i + 1).padStart(4);
    const pair = `${clip(c.a.name, 40)} (${c.a.kind}) ↔ ${clip(c.b.name, 40)} (${c.b.kind})`;
    return `${rank}  ${c.score.toFixed(3)}  ${pair}\n              ${c.a.id} ↔ ${c.b.id}\n              ${c.explanation}`;
  });
  return [`   #  score  pair`, ...lines].join("\n");
}
