// The labelled duplicate fixture (tests/fixtures/duplicate-pairs.json) and
// how detection is judged against it: precision, recall and F1 of the proposed
// pairs. Shared by the benchmark and the integration test. Pure apart from
// reading the file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../config";
import type { EdgeRow, EntityRow } from "../ingest/rows";
import { pairKey } from "../curation/pairs";

export interface LabelledDuplicate {
  a: string;
  b: string;
  label: "duplicate" | "different";
  why?: string;
}

export interface DuplicateFixture {
  entities: EntityRow[];
  edges: EdgeRow[];
  pairs: LabelledDuplicate[];
}

export const DUPLICATE_FIXTURE_FILE = path.join(PROJECT_ROOT, "tests", "fixtures", "duplicate-pairs.json");

export function readDuplicateFixture(file = DUPLICATE_FIXTURE_FILE): DuplicateFixture {
  const json = JSON.parse(readFileSync(file, "utf8")) as DuplicateFixture;
  return { entities: json.entities, edges: json.edges ?? [], pairs: json.pairs };
}

/** Every pair that is a duplicate: the labelled ones closed transitively (a~b and b~c make a~c). */
export function duplicateGroups(pairs: readonly LabelledDuplicate[]): Set<string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  for (const p of pairs) {
    if (p.label !== "duplicate") continue;
    for (const x of [p.a, p.b]) if (!parent.has(x)) parent.set(x, x);
    parent.set(find(p.a), find(p.b));
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    groups.set(r, [...(groups.get(r) ?? []), x]);
  }
  const out = new Set<string>();
  for (const members of groups.values()) {
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) out.add(pairKey(members[i] as string, members[j] as string));
  }
  return out;
}

export interface Judgement {
  truePositives: string[];
  falsePositives: string[];
  missed: string[];
  /** Proposed pairs between two data/ entities that the fixture says nothing about (not counted). */
  unjudged: string[];
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Judges proposed pairs: one that is a (transitive) duplicate is a true
 * positive; one labelled different, or touching a fixture entity outside its
 * group, is a false positive (we made those entities and know all their
 * duplicates); the rest are about data/ only and left unjudged.
 */
export function judge(fixture: DuplicateFixture, proposed: readonly { a: string; b: string }[]): Judgement {
  const truth = duplicateGroups(fixture.pairs);
  const different = new Set(fixture.pairs.filter((p) => p.label === "different").map((p) => pairKey(p.a, p.b)));
  const ours = new Set(fixture.entities.map((e) => e.id));
  const found = new Set<string>();
  const falsePositives: string[] = [];
  const unjudged: string[] = [];
  for (const p of proposed) {
    const key = pairKey(p.a, p.b);
    if (truth.has(key)) found.add(key);
    else if (different.has(key) || ours.has(p.a) || ours.has(p.b)) falsePositives.push(key);
    else unjudged.push(key);
  }
  const tp = found.size;
  const precision = tp + falsePositives.length === 0 ? 1 : tp / (tp + falsePositives.length);
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  return {
    truePositives: [...found],
    falsePositives,
    missed: [...truth].filter((k) => !found.has(k)),
    unjudged,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** The fixture's entities and edges as ingest files (JSON Lines), to load beside data/. */
export function fixtureFiles(fixture: DuplicateFixture): { entities: string; edges: string } {
  return {
    entities: fixture.entities.map((e) => JSON.stringify(e)).join("\n"),
    edges: fixture.edges.map((e) => JSON.stringify(e)).join("\n"),
  };
}
