// Each entity's ranked candidate list as stored on its node, and what a run
// or a curator's decision changes in those lists. Pure.
//
// An entry holds the partner, the pair's fused score, the entry's own rank
// (1-based, as ranked: a removed entry leaves a gap, so the ranks the other
// side holds stay right), the rank of this entity in the partner's list (0:
// not there) and the pair's signals. A pair listed on both sides is one
// queue item: the global queue is the union of the lists, and the side with
// the smaller id owns a pair listed twice (see owned()).

/** Signals stored per entry, in this order; dense is -1 where no sentence model ran. */
export const SIGNALS = ["lexical", "dense", "mention", "shared", "resourceAllocation", "vote"] as const;
export type SignalName = (typeof SIGNALS)[number];

export interface Entry {
  id: string;
  kind: string;
  score: number;
  rank: number;
  partnerRank: number;
  signals: number[];
}

export type StoredList = Entry[];

/** Whether `self`'s entry owns its pair in the queue: the partner does not list it, or self has the smaller id. */
export const owned = (self: string, e: Pick<Entry, "id" | "partnerRank">) => e.partnerRank === 0 || self < e.id;

export interface RankedEntry {
  id: string;
  kind: string;
  score: number;
  signals: number[];
}

/**
 * The lists after re-ranking the entities in `ranked` (their new lists, best
 * first). `stored` holds the current lists of those entities and of every
 * partner in their old or new lists. Returns every list that changes: the
 * re-ranked ones, and partners whose entry for a re-ranked entity now holds
 * another partner rank. Partners keep their own scores (they were not
 * re-ranked); only the cross-references are kept right.
 */
export function planLists(ranked: Map<string, RankedEntry[]>, stored: Map<string, StoredList>): Map<string, StoredList> {
  const next = new Map<string, StoredList>();
  const rankIn = (list: StoredList | undefined, id: string) => list?.find((e) => e.id === id)?.rank ?? 0;
  // Re-ranked entities: new entries, ranks 1..k.
  for (const [q, list] of ranked) {
    next.set(q, list.map((e, i) => ({ id: e.id, kind: e.kind, score: e.score, rank: i + 1, partnerRank: 0, signals: e.signals })));
  }
  const listOf = (id: string) => next.get(id) ?? stored.get(id);
  // Partner ranks of the new entries.
  for (const [q, list] of next) for (const e of list) e.partnerRank = rankIn(listOf(e.id), q);
  // Partners not re-ranked: their entries for re-ranked entities point at the new ranks.
  for (const q of ranked.keys()) {
    const partners = new Set([...(stored.get(q) ?? []).map((e) => e.id), ...(next.get(q) as StoredList).map((e) => e.id)]);
    for (const c of partners) {
      if (ranked.has(c)) continue;
      const list = next.get(c) ?? stored.get(c);
      if (!list) continue;
      const at = list.findIndex((e) => e.id === q);
      if (at < 0) continue;
      const now = rankIn(next.get(q), c);
      if ((list[at] as Entry).partnerRank === now) continue;
      const copy = next.get(c) ?? list.map((e) => ({ ...e }));
      (copy[at] as Entry).partnerRank = now;
      next.set(c, copy);
    }
  }
  // Unchanged lists are not rewritten.
  for (const [id, list] of next) if (!ranked.has(id) && sameList(list, stored.get(id))) next.delete(id);
  return next;
}

function sameList(a: StoredList, b: StoredList | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  return a.every((e, i) => {
    const o = b[i] as Entry;
    return e.id === o.id && e.score === o.score && e.rank === o.rank && e.partnerRank === o.partnerRank;
  });
}

/** A curator decided the pair (linked, dismissed, merged…): it leaves both lists; the other entries keep their ranks. */
export function withoutPartner(list: StoredList, partner: string): StoredList {
  return list.filter((e) => e.id !== partner);
}

/** Node properties of a stored list and of the state it was ranked from (store.ts). */
export const CANDIDATE_PROPERTIES = ["candidateIds", "candidateKinds", "candidateNumbers", "candidatesHash", "candidatesEdges", "candidatesStale"] as const;

/** Numbers stored per entry: score, rank, partner rank, then the signals. */
export const NUMBERS_PER_ENTRY = 3 + SIGNALS.length;

/**
 * Column-wise form for node properties (Neo4j stores lists of one type): the
 * partners' ids and kinds, and every entry's numbers in one list. Three
 * properties instead of one per field made writing 100k lists about a third
 * cheaper (fewer property records).
 */
export interface ListColumns {
  candidateIds: string[];
  candidateKinds: string[];
  candidateNumbers: number[];
}

export function toColumns(list: StoredList): ListColumns {
  return {
    candidateIds: list.map((e) => e.id),
    candidateKinds: list.map((e) => e.kind),
    candidateNumbers: list.flatMap((e) => [e.score, e.rank, e.partnerRank, ...SIGNALS.map((_, j) => e.signals[j] ?? 0)]),
  };
}

export function fromColumns(c: Partial<Record<keyof ListColumns, unknown>>): StoredList {
  const ids = Array.isArray(c.candidateIds) ? c.candidateIds.map(String) : [];
  const kinds = Array.isArray(c.candidateKinds) ? c.candidateKinds.map(String) : [];
  const nums = Array.isArray(c.candidateNumbers) ? c.candidateNumbers.map(Number) : [];
  const W = NUMBERS_PER_ENTRY;
  return ids.map((id, i) => ({
    id,
    kind: kinds[i] ?? "",
    score: nums[i * W] ?? 0,
    rank: nums[i * W + 1] ?? i + 1,
    partnerRank: nums[i * W + 2] ?? 0,
    signals: nums.slice(i * W + 3, (i + 1) * W),
  }));
}
