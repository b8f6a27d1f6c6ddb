/**
 * Outliers from feature vectors by k-nearest-neighbour distance, mirroring cleanlab 2.9.0:
 *
 * - the score is `cleanlab.outlier.OutOfDistribution(params={"k": k}).fit_score(features=X)`:
 *   the mean distance to the k nearest other rows (exact duplicates at distance 0, as
 *   `correct_knn_distances_and_indices`), mapped by `exp(-t * d / median(d))`
 *   (`transform_distances_to_scores`) with `correct_precision_errors` (near-zero distances score 1);
 * - the flag is Datalab's `OutlierIssueManager` rule on features: a row is an outlier when its
 *   mean kNN distance exceeds `Q3 + (1 / threshold - 1) * IQR` of all mean distances, with the
 *   default `threshold` 0.37037 (about `Q3 + 1.7 * IQR`).
 *
 * The search is exact: brute force pruned by a projection bound (see `averageKnnDistances`).
 */
import { medianSorted, pairwiseSum, percentileSorted } from "./internal/numpy.ts"
import { LabelCleaningError } from "./LabelCleaningError.ts"
import type { Matrix } from "./Matrix.ts"

/** cleanlab's `DEFAULT_K`: neighbours averaged, unless the data set is smaller. */
export const DEFAULT_K = 10

/** cleanlab's `HIGH_DIMENSION_CUTOFF`: above this many feature columns the default metric is cosine. */
export const HIGH_DIMENSION_CUTOFF = 3

/** Datalab's `OutlierIssueManager.DEFAULT_THRESHOLDS["features"]`. */
export const DEFAULT_OUTLIER_THRESHOLD = 0.37037

/** cleanlab's `EPSILON`: floor of the distance scaling factor. */
export const SCALING_EPSILON = 1e-6

/** cleanlab's `C` in `correct_precision_errors`: tolerance multiplier on machine epsilon. */
const PRECISION_MULTIPLIER = 100

/** float64 machine epsilon (`np.finfo(np.float64).eps`). */
const FLOAT64_EPS = 2 ** -52

/** `np.finfo(np.float64).epsneg`. */
const FLOAT64_EPSNEG = 2 ** -53

/** Quartiles used by the interquartile rule. */
const LOWER_QUARTILE = 25
const UPPER_QUARTILE = 75

/** Distance between feature rows. */
export type OutlierMetric = "cosine" | "euclidean"

/** Options of {@link outlierScores}. */
export interface OutlierOptions {
  /** Neighbours to average (default `min(10, n - 1)`); must be below n. */
  readonly k?: number
  /** Temperature of the exponential transform (cleanlab's `t`, default 1). */
  readonly t?: number
  /** Distance (default: cosine above 3 feature columns, else euclidean, as cleanlab). */
  readonly metric?: OutlierMetric
  /** Datalab's outlier `threshold` in `(0, 1]` (default 0.37037); lower flags fewer rows. */
  readonly threshold?: number
}

/** Scores and flags, one entry per row. */
export interface OutlierResult {
  /** cleanlab's outlier score in `[0, 1]`: lower = more anomalous. */
  readonly scores: Float64Array
  /** Mean distance to the k nearest neighbours. */
  readonly averageDistances: Float64Array
  /** 1 where the mean distance exceeds `issueThreshold`. */
  readonly isOutlier: Uint8Array
  /** `Q3 + (1 / threshold - 1) * IQR` of the mean distances. */
  readonly issueThreshold: number
  /** The metric used. */
  readonly metric: OutlierMetric
  /** The k used. */
  readonly k: number
}

/**
 * kNN outlier scores and interquartile flags for `features` (n x d); see the module doc for
 * the cleanlab functions mirrored.
 *
 * @example
 * const { scores, isOutlier } = outlierScores(Matrix.fromRows(embeddings), { k: 10 })
 */
export const outlierScores = (features: Matrix, options: OutlierOptions = {}): OutlierResult => {
  const n = features.rows
  const d = features.cols
  if (n < 2) {
    throw new LabelCleaningError({ reason: "TooFewExamples", field: "features", message: `Outlier scores need at least 2 rows, got ${n}.` })
  }
  const k = options.k ?? Math.min(DEFAULT_K, n - 1)
  if (!Number.isInteger(k) || k < 1 || k >= n) {
    throw new LabelCleaningError({
      reason: "TooFewExamples",
      field: "k",
      message: `Number of nearest neighbors k=${k} must be an integer in 1..${n - 1} (below the number of rows).`
    })
  }
  const threshold = options.threshold ?? DEFAULT_OUTLIER_THRESHOLD
  if (!(threshold > 0 && threshold <= 1)) {
    throw new LabelCleaningError({ reason: "InvalidOption", field: "threshold", message: `threshold must be in (0, 1], got ${threshold}.` })
  }
  const t = options.t ?? 1
  const metric = options.metric ?? (d > HIGH_DIMENSION_CUTOFF ? "cosine" : "euclidean")
  for (let x = 0; x < features.data.length; x++) {
    if (!Number.isFinite(features.data[x] as number)) {
      throw new LabelCleaningError({ reason: "InvalidShape", field: `features[${Math.floor(x / d)}]`, message: "features must be finite numbers; found NaN or infinity." })
    }
  }

  const averageDistances = averageKnnDistances(features, k, metric)
  const sorted = averageDistances.slice().sort()
  const scaling = Math.max(medianSorted(sorted), PRECISION_MULTIPLIER * FLOAT64_EPS)
  const tolerance = metric === "cosine" ? PRECISION_MULTIPLIER * FLOAT64_EPSNEG : Math.sqrt(PRECISION_MULTIPLIER * FLOAT64_EPS)
  const scores = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const distance = averageDistances[i] as number
    scores[i] = distance < tolerance ? 1 : Math.exp((-t * distance) / Math.max(scaling, SCALING_EPSILON))
  }
  const upper = percentileSorted(sorted, UPPER_QUARTILE)
  const iqr = upper - percentileSorted(sorted, LOWER_QUARTILE)
  const issueThreshold = upper + (1 / threshold - 1) * iqr
  const isOutlier = new Uint8Array(n)
  for (let i = 0; i < n; i++) isOutlier[i] = (averageDistances[i] as number) > issueThreshold ? 1 : 0
  return { scores, averageDistances, isOutlier, issueThreshold, metric, k }
}

/** Power iterations that find the projection direction (a rough principal axis is enough). */
const PROJECTION_ITERATIONS = 16

/**
 * Slack on the pruning bound, far above float64 rounding of distances in [0, 2]: a pair is
 * skipped only when its bound exceeds the k-th best distance by more than this.
 */
const PRUNING_SLACK = 1e-9

/** Every how many rows (in projection order) the pruned search is tried first, to estimate its cost. */
const SAMPLE_STRIDE = 64

/**
 * Share of the brute force's pair count (n - 1 per row, each pair computed for both rows when
 * pruning, once when not) above which the pruned search is not worth it.
 */
const PRUNING_BREAK_EVEN = 0.5

/** Distance between rows `i` and `j` of `points` (`d` columns); rows of one duplicate group are at 0. */
const distanceOf = (points: Float64Array, d: number, groups: Int32Array, metric: OutlierMetric) => (i: number, j: number): number => {
  if (groups[i] === groups[j]) return 0
  const base = i * d
  const other = j * d
  if (metric === "cosine") {
    let dot = 0
    for (let c = 0; c < d; c++) dot += (points[base + c] as number) * (points[other + c] as number)
    return Math.min(Math.max(1 - dot, 0), 2)
  }
  let sum = 0
  for (let c = 0; c < d; c++) {
    const diff = (points[base + c] as number) - (points[other + c] as number)
    sum += diff * diff
  }
  return Math.sqrt(sum)
}

/** Inserts `distance` into the ascending k best at `best[start .. start + k)`. */
const offer = (best: Float64Array, start: number, k: number, distance: number): void => {
  if (distance >= (best[start + k - 1] as number)) return
  let p = start + k - 1
  while (p > start && (best[p - 1] as number) > distance) {
    best[p] = best[p - 1] as number
    p--
  }
  best[p] = distance
}

/**
 * Mean of the k smallest distances from each row to the other rows (exact duplicates at 0),
 * exactly: every distance is computed as a full scan would (the same products, summed in the
 * same order), and the k best of a row do not depend on the order they are offered in.
 *
 * Rows are ordered by their projection on a unit direction `p` (the data's principal axis): the
 * gap between two projections bounds the rows' distance from below (`|a·p - b·p| <= |a - b|`,
 * and for unit rows the cosine distance is `|a - b|² / 2`), so each row scans outward from its
 * place in that order, nearest projection first, and stops once the bound exceeds its k-th best
 * distance. On clustered rows (the near one-hot probabilities of a confident model) that skips
 * most pairs; on diffuse rows the bound prunes little, so a sample of rows measures the pruned
 * cost first and the brute force (each pair once, offered to both rows) runs when it is cheaper.
 */
const averageKnnDistances = (features: Matrix, k: number, metric: OutlierMetric): Float64Array => {
  const n = features.rows
  const d = features.cols
  const groups = duplicateGroups(features)
  const points = metric === "cosine" ? normalizeRows(features) : features.data
  const distance = distanceOf(points, d, groups, metric)
  const direction = principalDirection(points, n, d)
  const projection = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let dot = 0
    for (let c = 0; c < d; c++) dot += (points[i * d + c] as number) * (direction[c] as number)
    projection[i] = dot
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (projection[a] as number) - (projection[b] as number) || a - b)
  // The least distance a projection gap allows.
  const bound = (gap: number): number => (metric === "cosine" ? (gap * gap) / 2 : gap)
  const best = new Float64Array(n * k).fill(Infinity)
  /** Row `order[at]`'s k best by the pruned scan; returns the distances computed. */
  const scan = (at: number): number => {
    const i = order[at] as number
    const own = projection[i] as number
    const start = i * k
    let below = at - 1
    let above = at + 1
    let computed = 0
    while (below >= 0 || above < n) {
      const gapBelow = below >= 0 ? own - (projection[order[below] as number] as number) : Infinity
      const gapAbove = above < n ? (projection[order[above] as number] as number) - own : Infinity
      const fromBelow = gapBelow <= gapAbove
      if (bound(fromBelow ? gapBelow : gapAbove) > (best[start + k - 1] as number) + PRUNING_SLACK) break
      offer(best, start, k, distance(i, order[fromBelow ? below-- : above++] as number))
      computed++
    }
    return computed
  }
  let sampled = 0
  let sampledCost = 0
  for (let at = 0; at < n; at += SAMPLE_STRIDE) {
    sampledCost += scan(at)
    sampled++
  }
  if (sampledCost / sampled <= PRUNING_BREAK_EVEN * (n - 1)) {
    for (let at = 0; at < n; at++) if (at % SAMPLE_STRIDE !== 0) scan(at)
  } else {
    best.fill(Infinity)
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const between = distance(i, j)
        offer(best, i * k, k, between)
        offer(best, j * k, k, between)
      }
    }
  }
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = pairwiseSum(best, i * k, k) / k
  return out
}

/** A unit vector along the rows' principal axis (power iteration on their scatter from a fixed start). */
const principalDirection = (points: Float64Array, n: number, d: number): Float64Array => {
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c]! += (points[i * d + c] as number) / n
  let direction = Float64Array.from({ length: d }, (_, c) => 1 + c / d)
  for (let iteration = 0; iteration < PROJECTION_ITERATIONS; iteration++) {
    const next = new Float64Array(d)
    for (let i = 0; i < n; i++) {
      let dot = 0
      for (let c = 0; c < d; c++) dot += ((points[i * d + c] as number) - (mean[c] as number)) * (direction[c] as number)
      for (let c = 0; c < d; c++) next[c]! += dot * ((points[i * d + c] as number) - (mean[c] as number))
    }
    const norm = Math.sqrt(next.reduce((sum, value) => sum + value * value, 0))
    if (!(norm > 0)) break
    direction = next.map((value) => value / norm)
  }
  const norm = Math.sqrt(direction.reduce((sum, value) => sum + value * value, 0))
  return direction.map((value) => value / norm)
}

/** Rows divided by their Euclidean norm (zero rows stay zero, as sklearn's `normalize`). */
const normalizeRows = (features: Matrix): Float64Array => {
  const { rows, cols, data } = features
  const out = new Float64Array(data.length)
  for (let i = 0; i < rows; i++) {
    let sum = 0
    for (let c = 0; c < cols; c++) sum += (data[i * cols + c] as number) ** 2
    const norm = Math.sqrt(sum) || 1
    for (let c = 0; c < cols; c++) out[i * cols + c] = (data[i * cols + c] as number) / norm
  }
  return out
}

/** A group id per row; rows with identical values share one. */
const duplicateGroups = (features: Matrix): Int32Array => {
  const ids = new Map<string, number>()
  const out = new Int32Array(features.rows)
  for (let i = 0; i < features.rows; i++) {
    const key = Array.from(features.data.subarray(i * features.cols, (i + 1) * features.cols)).join(",")
    let id = ids.get(key)
    if (id === undefined) {
      id = ids.size
      ids.set(key, id)
    }
    out[i] = id
  }
  return out
}
