// Which SIMILAR_TO edges a similarity run should leave behind, and what that
// changes: pure functions over neighbour lists, so the rules are unit-tested
// without a database.
//
// Rules: every entity proposes its top-k neighbours at or above the threshold;
// a pair is stored once (from the smaller id to the larger); pairs holding a
// provided edge are never touched; and no entity ends up with more than k
// computed edges: proposals are accepted strongest first (ties by ids) while
// both ends have room. Without the cap, a "hub" text that is everyone's nearest
// neighbour would collect thousands of edges.

export interface Candidate {
  id: string;
  score: number;
}

export interface PlannedEdge {
  /** The smaller id. */
  a: string;
  b: string;
  score: number;
}

export const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);
const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

/** Scores are stored to 3 decimals, like provided ones, so a re-run without changes writes nothing. */
export const roundScore = (s: number) => Math.round(s * 1000) / 1000;

export interface PlanInput {
  /** The neighbour lists of the entities being (re)linked, any order, self excluded or not. */
  candidates: Map<string, Candidate[]>;
  k: number;
  threshold: number;
  /** Pair keys that hold a provided edge. */
  excluded: Set<string>;
  /** Computed edges an entity keeps outside this plan (incremental runs): they count against its k. */
  kept?: Map<string, number>;
}

export function planEdges(input: PlanInput): PlannedEdge[] {
  const best = new Map<string, PlannedEdge>();
  for (const [from, list] of input.candidates) {
    const top = list
      .filter((c) => c.id !== from)
      .map((c) => ({ id: c.id, score: roundScore(c.score) }))
      .filter((c) => c.score >= input.threshold)
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1))
      .slice(0, input.k);
    for (const c of top) {
      const key = pairKey(from, c.id);
      if (input.excluded.has(key)) continue;
      const seen = best.get(key);
      if (!seen || c.score > seen.score) {
        const [a, b] = ordered(from, c.id);
        best.set(key, { a, b, score: c.score });
      }
    }
  }
  const proposals = [...best.values()].sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
  const degree = new Map(input.kept ?? []);
  const accepted: PlannedEdge[] = [];
  for (const p of proposals) {
    const da = degree.get(p.a) ?? 0;
    const db = degree.get(p.b) ?? 0;
    if (da >= input.k || db >= input.k) continue;
    degree.set(p.a, da + 1);
    degree.set(p.b, db + 1);
    accepted.push(p);
  }
  return accepted;
}

export interface EdgeDiff {
  create: PlannedEdge[];
  update: PlannedEdge[];
  remove: { a: string; b: string }[];
  unchanged: number;
}

/** From the computed edges in scope now to the planned ones. */
export function diffEdges(existing: PlannedEdge[], planned: PlannedEdge[]): EdgeDiff {
  const now = new Map(existing.map((e) => [pairKey(e.a, e.b), e]));
  const diff: EdgeDiff = { create: [], update: [], remove: [], unchanged: 0 };
  const keep = new Set<string>();
  for (const p of planned) {
    const key = pairKey(p.a, p.b);
    keep.add(key);
    const e = now.get(key);
    if (!e) diff.create.push(p);
    else if (e.score !== p.score) diff.update.push(p);
    else diff.unchanged++;
  }
  for (const [key, e] of now) if (!keep.has(key)) diff.remove.push({ a: e.a, b: e.b });
  return diff;
}
