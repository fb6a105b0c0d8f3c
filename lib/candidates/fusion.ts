// Fusing the signals into one score: an L2-regularised logistic regression
// over standardised features, fitted by Newton's method (IRLS). Pure and
// deterministic: the same rows give the same weights.
//
// Why a fitted model and not a fixed blend or reciprocal-rank fusion: the
// independent evaluation (../shared/benchmarks/NOTES.md) found that fixed
// fusions buy only a few points over TF-IDF alone, because how much each
// signal is worth depends on the corpus (WordNet glosses name their
// hypernym; research notes share jargon; some graphs are dense, some nearly
// empty). Every corpus brings free labels, its own typed edges, so the blend
// is fitted on a held-out part of them (see rank.ts) and each corpus gets the
// weights that suit it. The fitted probability is also a calibrated score for
// the queue's filter.

export interface FusionModel {
  /** Feature names, in order (a stored model is applied only to the same features). */
  features: string[];
  mean: number[];
  scale: number[];
  /** Weights of the standardised features, then the intercept last. */
  weights: number[];
  /** Rows and positives it was fitted on; 0 for the prior. */
  rows: number;
  positives: number;
  /**
   * Platt scaling of the logit into a probability, [a, b]: p = σ(a·z + b).
   * The ridge penalty shrinks logits towards the base rate (the best-ranking
   * penalty on data/ made the surest pair 0.10); scaling fitted on
   * out-of-fold predictions gives them back their spread without changing
   * any ranking.
   */
  calibration?: [number, number];
}

/** Fits Platt scaling on out-of-fold logits and their labels. */
export function fitCalibration(z: ArrayLike<number>, labels: Uint8Array): [number, number] {
  const m = fitLogistic(["logit"], Float64Array.from(z), labels, 1e-6 * labels.length);
  const w = m.weights[0] as number;
  const scale = m.scale[0] as number;
  return [w / scale, (m.weights[1] as number) - (w * (m.mean[0] as number)) / scale];
}

/** The model's logit for a raw feature row. */
export function logit(m: FusionModel, x: ArrayLike<number>): number {
  let z = m.weights[m.features.length] as number;
  for (let j = 0; j < m.features.length; j++) z += (m.weights[j] as number) * (((x[j] as number) - (m.mean[j] as number)) / (m.scale[j] as number));
  return z;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Newton steps stop when no standardised weight moves more than TOLERANCE (ranking needs no more), or after MAX_ITERATIONS. */
const TOLERANCE = 1e-4;
const MAX_ITERATIONS = 30;

/**
 * Fits weights on `rows` (row-major, `features.length` values each) with 0/1
 * labels. `l2` is the ridge penalty on the standardised weights (not on the
 * intercept). Newton steps on a handful of features converge in a few dozen
 * iterations; it stops when the step is tiny.
 */
export function fitLogistic(features: string[], rows: Float64Array, labels: Uint8Array, l2 = 1): FusionModel {
  const p = features.length;
  const n = labels.length;
  const mean = new Array<number>(p).fill(0);
  const scale = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) + (rows[i * p + j] as number);
  for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) / Math.max(n, 1);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) scale[j] = (scale[j] as number) + ((rows[i * p + j] as number) - (mean[j] as number)) ** 2;
  for (let j = 0; j < p; j++) scale[j] = Math.sqrt((scale[j] as number) / Math.max(n, 1)) || 1;
  const d = p + 1;
  // Standardised rows with the intercept column, made once.
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X[i * d + j] = ((rows[i * p + j] as number) - (mean[j] as number)) / (scale[j] as number);
    X[i * d + p] = 1;
  }
  const w = new Float64Array(d);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] as number;
  // Start from the base rate, so the first step is small.
  const rate = Math.min(Math.max(positives / Math.max(n, 1), 1e-6), 1 - 1e-6);
  w[p] = Math.log(rate / (1 - rate));
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  // The penalised negative log-likelihood; steps that do not lower it are halved. Without
  // that, on data where a feature almost separates the classes (random links on the
  // synthetic benchmark), full Newton steps ran the intercept off to -10^12.
  const objective = (v: Float64Array) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let z = 0;
      for (let j = 0; j < d; j++) z += (v[j] as number) * (X[o + j] as number);
      // log(1 + e^z) − y·z, computed without overflow.
      f += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (labels[i] as number) * z;
    }
    for (let j = 0; j < p; j++) f += 0.5 * l2 * (v[j] as number) ** 2;
    return f;
  };
  let current = objective(w);
  const trial = new Float64Array(d);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let z = 0;
      for (let j = 0; j < d; j++) z += (w[j] as number) * (X[o + j] as number);
      const mu = sigmoid(z);
      const r = mu - (labels[i] as number);
      const s = Math.max(mu * (1 - mu), 1e-12);
      for (let j = 0; j < d; j++) {
        const xj = X[o + j] as number;
        grad[j] = (grad[j] as number) + r * xj;
        const sx = s * xj;
        for (let k = 0; k <= j; k++) hess[j * d + k] = (hess[j * d + k] as number) + sx * (X[o + k] as number);
      }
    }
    for (let j = 0; j < p; j++) {
      grad[j] = (grad[j] as number) + l2 * (w[j] as number);
      hess[j * d + j] = (hess[j * d + j] as number) + l2;
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[k * d + j] = hess[j * d + k] as number;
    hess[p * d + p] = (hess[p * d + p] as number) + 1e-9;
    const step = solve(hess, grad, d);
    let size = 0;
    let scaleStep = 1;
    for (let halvings = 0; halvings < 30; halvings++, scaleStep /= 2) {
      for (let j = 0; j < d; j++) trial[j] = (w[j] as number) - scaleStep * (step[j] as number);
      const next = objective(trial);
      if (next <= current) {
        current = next;
        break;
      }
    }
    for (let j = 0; j < d; j++) {
      size = Math.max(size, Math.abs((trial[j] as number) - (w[j] as number)));
      w[j] = trial[j] as number;
    }
    if (size < TOLERANCE) break;
  }
  return { features, mean, scale, weights: Array.from(w), rows: n, positives };
}

/** Solves A·x = b for a symmetric positive definite A (Cholesky). */
function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * d + k] as number) * (l[j * d + k] as number);
      l[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / (l[j * d + j] as number);
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * d + k] as number) * (y[k] as number);
    y[i] = s / (l[i * d + i] as number);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < d; k++) s -= (l[k * d + i] as number) * (x[k] as number);
    x[i] = s / (l[i * d + i] as number);
  }
  return x;
}
