// The labelled similarity fixture (tests/fixtures/similarity-pairs.json) and
// its scoring: precision and recall at a threshold, by label. Shared by the
// quality test and the benchmark. Pure apart from reading the files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../config";
import type { EntityRow } from "../ingest/rows";
import type { EmbeddingInput } from "../kernel/entity-text";

export type PairLabel = "duplicate" | "related" | "unrelated";
export interface LabelledPair {
  a: string;
  b: string;
  label: PairLabel;
}

export const FIXTURE_FILE = path.join(PROJECT_ROOT, "tests", "fixtures", "similarity-pairs.json");

export function readFixture(file = FIXTURE_FILE): { entities: EntityRow[]; pairs: LabelledPair[] } {
  const json = JSON.parse(readFileSync(file, "utf8")) as { entities: EntityRow[]; pairs: LabelledPair[] };
  return { entities: json.entities, pairs: json.pairs };
}

/** data/entities.jsonl plus the fixture's own entities, as embedding inputs. */
export function fixtureCorpus(): EmbeddingInput[] {
  const data = readFileSync(path.join(PROJECT_ROOT, "data", "entities.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EntityRow);
  return [...data, ...readFixture().entities].map((e) => ({
    id: e.id,
    name: e.name,
    aliases: e.aliases ?? [],
    description: e.description ?? null,
  }));
}

export interface Quality {
  precision: number;
  recall: number;
  byLabel: Record<PairLabel, { pairs: number; above: number }>;
}

/** Precision and recall of "score ≥ threshold" against the labels (duplicate and related are positives). */
export function scorePairs(pairs: (LabelledPair & { score: number })[], threshold: number): Quality {
  const byLabel: Quality["byLabel"] = { duplicate: { pairs: 0, above: 0 }, related: { pairs: 0, above: 0 }, unrelated: { pairs: 0, above: 0 } };
  for (const p of pairs) {
    byLabel[p.label].pairs++;
    if (p.score >= threshold) byLabel[p.label].above++;
  }
  const tp = byLabel.duplicate.above + byLabel.related.above;
  const positives = byLabel.duplicate.pairs + byLabel.related.pairs;
  const predicted = tp + byLabel.unrelated.above;
  return { precision: predicted === 0 ? 1 : tp / predicted, recall: positives === 0 ? 1 : tp / positives, byLabel };
}
