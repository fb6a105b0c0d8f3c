// Ranked candidate partners for every entity: each entity's pool (see
// signals.ts) scored by the fusion model (fusion.ts), best k kept. When no
// model is given, one is fitted on the corpus's own typed edges: a share of
// them is hidden from the graph, and the model learns which pool members are
// the hidden partners. Pure and synchronous.
import type { EmbeddingInput } from "../kernel/entity-text";
import { fitCalibration, fitLogistic, logit, sigmoid, type FusionModel } from "./fusion";
import { BASE_FEATURES, DENSE_FEATURES, buildGraphSignals, buildTextSignals, createScorer, signalsOf, type DenseSignal, type Signals, type TextSignals } from "./signals";

export interface RankInput {
  docs: EmbeddingInput[];
  kinds: string[];
  /** Typed edges as index pairs (any direction, repeats allowed). */
  edges: ArrayLike<number>[];
  /** Pairs never proposed (a curator decided them), besides linked ones. */
  blocked?: (a: number, b: number) => boolean;
  dense?: DenseSignal;
  k: number;
  /** Entities to rank (default: all). */
  only?: number[];
  /** A fitted model to apply; without one, a model is fitted on held-out typed edges. */
  model?: FusionModel;
  /** Text signals built earlier for the same docs (they do not depend on the edges). */
  text?: TextSignals;
  seed?: number;
  onPhase?: (phase: string, done: number, total: number) => void;
}

export interface RankedCandidate {
  doc: number;
  score: number;
  signals: Signals;
}

export interface FitReport {
  heldOut: number;
  queries: number;
  /** Share of the held-out partners found in their pools: the ceiling of what ranking can recall. */
  poolRecall: number;
  /** The ridge penalty chosen by two-fold validation, per row. */
  l2: number;
  /** Validation recall@k of the held-out partners at the chosen penalty. */
  validationRecall: number;
}

export interface RankOutput {
  lists: Map<number, RankedCandidate[]>;
  model: FusionModel;
  fit: FitReport | null;
}

/** Share of typed edges held out to fit the fusion, at most HOLDOUT_MAX pairs. */
export const HOLDOUT_SHARE = 0.1;
export const HOLDOUT_MAX = 3000;
/** Fewer held-out partners than this found in the pools: the prior model is used. */
export const MIN_POSITIVES = 20;
/** Ridge penalties tried (per training row), the one ranking best on the other fold wins. */
export const L2_GRID = [1e-4, 1e-3, 1e-2, 1e-1, 1];
export const GRID_QUERIES = 600;
/** Validation recall within this of the best counts as a tie (the folds hold a few hundred partners each). */
export const RECALL_SLACK = 0.005;

/**
 * The model for a corpus with too few typed edges to fit one: lexical
 * similarity first, then mentions, votes and shared neighbours (and dense
 * similarity when present), as weights on raw features.
 */
export function priorModel(withDense: boolean): FusionModel {
  const features: string[] = withDense ? [...BASE_FEATURES, ...DENSE_FEATURES] : [...BASE_FEATURES];
  const raw: Record<string, number> = { lexical: 8, lexicalRank: 1, mention: 2, resourceAllocation: 2, vote: 1, dense: 8, denseRank: 1 };
  return { features, mean: features.map(() => 0), scale: features.map(() => 1), weights: [...features.map((f) => raw[f] ?? 0), -6], rows: 0, positives: 0 };
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (n: number, a: number, b: number) => (a < b ? a * n + b : b * n + a);

interface Fold {
  rows: number[];
  packed?: Float64Array;
  labels: number[];
  /** Per query: its rows' range and how many held-out partners it has. */
  queries: { from: number; to: number; wanted: number }[];
}

/** recall@k of the held-out partners when each query's pool is ranked by `model`. */
function foldRecall(fold: Fold, model: FusionModel, k: number): number {
  const p = model.features.length;
  fold.packed ??= Float64Array.from(fold.rows);
  const rows = fold.packed;
  let found = 0;
  let wanted = 0;
  for (const q of fold.queries) {
    wanted += q.wanted;
    const scored: { z: number; y: number }[] = [];
    for (let r = q.from; r < q.to; r++) scored.push({ z: logit(model, rows.subarray(r * p, (r + 1) * p)), y: fold.labels[r] as number });
    scored.sort((a, b) => b.z - a.z);
    for (let i = 0; i < Math.min(k, scored.length); i++) found += (scored[i] as { y: number }).y;
  }
  return wanted ? found / wanted : 0;
}

function fitModel(input: RankInput, text: TextSignals): { model: FusionModel; fit: FitReport | null } {
  const n = input.docs.length;
  const withDense = input.dense !== undefined;
  const all = new Map<number, [number, number]>();
  for (const e of input.edges) {
    const a = e[0] as number;
    const b = e[1] as number;
    if (a !== b) all.set(key(n, a, b), [a, b]);
  }
  const pairs = [...all.values()];
  const random = rng(input.seed ?? 1);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j] as [number, number], pairs[i] as [number, number]];
  }
  const size = Math.min(HOLDOUT_MAX, Math.floor(pairs.length * HOLDOUT_SHARE));
  if (size < MIN_POSITIVES) return { model: priorModel(withDense), fit: null };
  const heldOut = new Set(pairs.slice(0, size).map(([a, b]) => key(n, a, b)));
  const kept = pairs.slice(size);
  const g = buildGraphSignals(n, input.kinds, kept);
  const scorer = createScorer(text, g, input.dense, (a, b) => (input.blocked ? input.blocked(a, b) : false));
  const p = scorer.features.length;
  // One query per held-out pair (alternating ends); its other held-out partners count too.
  const queries = [...new Set(pairs.slice(0, size).map(([a, b], i) => (i % 2 ? a : b)))];
  const partners = new Map<number, number>();
  for (const k of heldOut) {
    const a = Math.floor(k / n);
    const b = k - a * n;
    partners.set(a, (partners.get(a) ?? 0) + 1);
    partners.set(b, (partners.get(b) ?? 0) + 1);
  }
  const folds: Fold[] = [
    { rows: [], labels: [], queries: [] },
    { rows: [], labels: [], queries: [] },
  ];
  let found = 0;
  let wanted = 0;
  queries.forEach((q, i) => {
    const fold = folds[i % 2] as Fold;
    const pool = scorer.pool(q);
    const from = fold.labels.length;
    for (let c = 0; c < pool.count; c++) {
      for (let j = 0; j < p; j++) fold.rows.push(pool.rows[c * p + j] as number);
      const positive = heldOut.has(key(n, q, pool.docs[c] as number));
      fold.labels.push(positive ? 1 : 0);
      if (positive) found++;
    }
    const w = partners.get(q) ?? 0;
    wanted += w;
    fold.queries.push({ from, to: fold.labels.length, wanted: w });
    input.onPhase?.("fitting", i + 1, queries.length);
  });
  if (found < MIN_POSITIVES) return { model: priorModel(withDense), fit: null };
  // The penalty: fit on one fold, rank the other, both ways; best mean recall@k wins.
  // Folds are cut to GRID_QUERIES queries each: the choice needs no more, and it keeps 10 fits cheap.
  const fitOn = (f: Fold, l2: number) => fitLogistic(scorer.features, Float64Array.from(f.rows), Uint8Array.from(f.labels), l2 * f.labels.length);
  const cut = (f: Fold): Fold => {
    if (f.queries.length <= GRID_QUERIES) return f;
    const to = (f.queries[GRID_QUERIES - 1] as Fold["queries"][number]).to;
    return { rows: f.rows.slice(0, to * p), labels: f.labels.slice(0, to), queries: f.queries.slice(0, GRID_QUERIES) };
  };
  const [a, b] = folds.map(cut) as [Fold, Fold];
  const tried = L2_GRID.map((l2) => {
    const onA = fitOn(a, l2);
    const onB = fitOn(b, l2);
    return { l2, onA, onB, recall: (foldRecall(b, onA, input.k) + foldRecall(a, onB, input.k)) / 2 };
  });
  // The strongest penalty within RECALL_SLACK of the best: where the signals say little
  // (random links), weights stay small instead of chasing noise.
  const top = Math.max(...tried.map((t) => t.recall));
  const best = [...tried].reverse().find((t) => t.recall >= top - RECALL_SLACK) as (typeof tried)[number];
  // Out-of-fold logits at that penalty calibrate the final model's probabilities.
  const z: number[] = [];
  const y: number[] = [];
  for (const [fold, model] of [[b, best.onA], [a, best.onB]] as const) {
    fold.packed ??= Float64Array.from(fold.rows);
    for (let r = 0; r < fold.labels.length; r++) {
      z.push(logit(model, fold.packed.subarray(r * p, (r + 1) * p)));
      y.push(fold.labels[r] as number);
    }
  }
  const both: Fold = { rows: [...(folds[0] as Fold).rows, ...(folds[1] as Fold).rows], labels: [...(folds[0] as Fold).labels, ...(folds[1] as Fold).labels], queries: [] };
  const model = { ...fitOn(both, best.l2), calibration: fitCalibration(z, Uint8Array.from(y)) };
  return { model, fit: { heldOut: size, queries: queries.length, poolRecall: found / Math.max(wanted, 1), l2: best.l2, validationRecall: best.recall } };
}

export function rankCandidates(input: RankInput): RankOutput {
  const n = input.docs.length;
  const text = input.text ?? buildTextSignals(input.docs, input.onPhase);
  let model = input.model;
  let fit: FitReport | null = null;
  if (!model) ({ model, fit } = fitModel(input, text));
  const g = buildGraphSignals(n, input.kinds, input.edges);
  const scorer = createScorer(text, g, input.dense, input.blocked);
  if (scorer.features.join() !== model.features.join()) {
    throw new Error(`the fusion model was fitted on other signals (${model.features.join(", ")}) than those at hand (${scorer.features.join(", ")})`);
  }
  const p = scorer.features.length;
  const withDense = input.dense !== undefined;
  const lists = new Map<number, RankedCandidate[]>();
  const targets = input.only ?? Array.from({ length: n }, (_, i) => i);
  let zs = new Float64Array(1024);
  const [ca, cb] = model.calibration ?? [1, 0];
  const calibrate = (z: number) => sigmoid(ca * z + cb);
  let done = 0;
  for (const q of targets) {
    const pool = scorer.pool(q);
    if (zs.length < pool.count) zs = new Float64Array(pool.count * 2);
    const order: number[] = [];
    for (let c = 0; c < pool.count; c++) {
      zs[c] = logit(model, pool.rows.subarray(c * p, (c + 1) * p));
      order.push(c);
    }
    order.sort((a, b) => (zs[b] as number) - (zs[a] as number) || (pool.docs[a] as number) - (pool.docs[b] as number));
    lists.set(
      q,
      order.slice(0, input.k).map((c) => ({ doc: pool.docs[c] as number, score: calibrate(zs[c] as number), signals: signalsOf(pool.rows.subarray(c * p, (c + 1) * p), withDense) })),
    );
    if (++done % 5000 === 0 || done === targets.length) input.onPhase?.("ranking", done, targets.length);
  }
  return { lists, model, fit };
}
