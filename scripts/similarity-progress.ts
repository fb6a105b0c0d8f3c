// A similarity run (similarity edges and candidate lists) with progress bars
// and notes on stderr, shared by `npm run similarity`, `npm run ingest` and `npm start`.
import { createProgress, type Progress } from "../lib/progress";
import { computeSimilarity } from "../lib/similarity/run";
import { say } from "./cli";

/** A similarity run with progress bars on stderr (shared with ingest and start). */
export async function runSimilarity(full = false) {
  const bars: Partial<Record<string, Progress>> = {};
  const summary = await computeSimilarity({
    full,
    onNote: say,
    onProgress: (done, total, phase) => {
      const label = phase === "embedding" ? "Embedding" : phase === "linking" ? "Linking" : "Ranking candidates";
      (bars[phase] ??= createProgress({ total, label })).advance(done);
    },
  });
  for (const bar of Object.values(bars)) bar?.finish();
  return summary;
}
