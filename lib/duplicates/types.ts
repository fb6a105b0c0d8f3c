// The shapes shared by duplicate detection (the queue, the CLI, the benchmark)
// and duplicate curation (compare, merge, "not the same", undo). Detection
// proposes unordered pairs of active entities of compatible kinds; curation
// records its verdicts on the pair's (:Decision {pair}) node (see
// lib/curation/pairs.ts for the key):
//   d.sameness = 'different'  a curator said "not the same": never proposed again
//   d.sameness = 'merged'     the pair was merged (the loser is a redirect)
// A merged entity keeps its node and id with status 'merged' and mergedInto,
// and is never proposed again.

/** One side of a proposed pair, as the queue and the CLI show it. */
export interface DuplicateSide {
  id: string;
  kind: string;
  name: string;
  aliases: string[];
  description: string | null;
  /** Typed edges (similarity edges not counted). */
  degree: number;
}

/** Why a pair is proposed; each part is shown to the curator. */
export interface DuplicateReasons {
  /** Best name/alias similarity, 0..1 (normalised, token-based). */
  names: number;
  /** Embedding cosine of the two entities, when both have one. */
  cosine: number | null;
  /** Typed neighbours the two share. */
  sharedNeighbours: number;
  /** A curator marked the pair "suspected duplicate" on the candidates page. */
  suspectedBy: string | null;
  /** Both have a year and they are more than a year apart (a reason against). */
  yearsDiffer?: { a: number; b: number } | null;
}

export interface DuplicateCandidate {
  /** The pair in id order (a.id < b.id). */
  a: DuplicateSide;
  b: DuplicateSide;
  /** 0..1, the ranking key of the queue. */
  score: number;
  reasons: DuplicateReasons;
  /** e.g. "names 0.92 · description cosine 0.81 · 3 shared neighbours". */
  explanation: string;
}

export const SAMENESS_DIFFERENT = "different";
export const SAMENESS_MERGED = "merged";
