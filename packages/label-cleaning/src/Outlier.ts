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
 * The search is exact: brute force pruned by bounds from projections (see `averageKnnDistances`).
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

/** Power iterations that find each projection direction (rough principal axes are enough). */
const PROJECTION_ITERATIONS = 16

/**
 * Orthonormal directions the rows are projected on (at most their number of columns): the first
 * orders the scan, all of them bound a pair's distance before it is computed. On the pipeline's
 * 15-class probabilities 4 directions skip three quarters of the distances the first alone
 * allows, at 4 products per pair where a distance costs one per column.
 */
const PROJECTIONS = 4

/**
 * Slack on the pruning bound, far above float64 rounding of distances in [0, 2]: a pair is
 * skipped only when its bound exceeds the k-th best distance by more than this.
 */
const PRUNING_SLACK = 1e-9

/** Every how many rows (in projection order) the pruned search is tried first, to estimate its cost. */
const SAMPLE_STRIDE = 64

/**
 * Share of the brute force's pair count (n - 1 per row, each pair computed for both rows when
 * pruning, once when not) above which the pruned search is not worth it. A pair the projections
 * rule out counts as the share of a distance its bound costs.
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
 * Distances a row's scan computes side by side: each is one sum whose additions wait for each
 * other, so independent sums interleaved keep the processor busy.
 */
const DISTANCE_BATCH = 4

/** What {@link scanRow} reads: the rows, projections and duplicate groups in scan order, and the k best of every row. */
interface ScanState {
  /** Number of rows. */
  readonly n: number
  /** Columns of a row. */
  readonly d: number
  /** Projections of a row. */
  readonly m: number
  /** Neighbours kept per row. */
  readonly k: number
  /** Whether distances are cosine (else euclidean). */
  readonly cosine: boolean
  /** Rows in scan order (`n x d`). */
  readonly sorted: Float64Array
  /** Their projections (`n x m`). */
  readonly projection: Float64Array
  /** Their duplicate groups. */
  readonly groups: Int32Array
  /** The row at each scan position. */
  readonly order: Int32Array
  /** The ascending k best distances of each row (`n x k`, by row). */
  readonly best: Float64Array
  /** Scan positions whose distance to the scanned row waits to be computed. */
  readonly pending: Int32Array
}

/**
 * Offers the scanned row (at `base` of the sorted rows, its k best at `start`) the distances to
 * the first `count` pending rows, each computed as a full scan would (the same products, summed
 * in the same order); a full batch is summed side by side.
 */
const offerPending = (state: ScanState, base: number, start: number, count: number): void => {
  const { d, k, sorted, best, pending } = state
  if (count === DISTANCE_BATCH && state.cosine) {
    const o0 = (pending[0] as number) * d
    const o1 = (pending[1] as number) * d
    const o2 = (pending[2] as number) * d
    const o3 = (pending[3] as number) * d
    let dot0 = 0
    let dot1 = 0
    let dot2 = 0
    let dot3 = 0
    for (let c = 0; c < d; c++) {
      const own = sorted[base + c] as number
      dot0 += own * (sorted[o0 + c] as number)
      dot1 += own * (sorted[o1 + c] as number)
      dot2 += own * (sorted[o2 + c] as number)
      dot3 += own * (sorted[o3 + c] as number)
    }
    offer(best, start, k, Math.min(Math.max(1 - dot0, 0), 2))
    offer(best, start, k, Math.min(Math.max(1 - dot1, 0), 2))
    offer(best, start, k, Math.min(Math.max(1 - dot2, 0), 2))
    offer(best, start, k, Math.min(Math.max(1 - dot3, 0), 2))
    return
  }
  for (let p = 0; p < count; p++) {
    const other = (pending[p] as number) * d
    if (state.cosine) {
      let dot = 0
      for (let c = 0; c < d; c++) dot += (sorted[base + c] as number) * (sorted[other + c] as number)
      offer(best, start, k, Math.min(Math.max(1 - dot, 0), 2))
    } else {
      let sum = 0
      for (let c = 0; c < d; c++) {
        const diff = (sorted[base + c] as number) - (sorted[other + c] as number)
        sum += diff * diff
      }
      offer(best, start, k, Math.sqrt(sum))
    }
  }
}

/**
 * The largest squared bound on `|a - b|` that a row may have and still come within `kth` (the
 * k-th best distance) plus {@link PRUNING_SLACK}: the cosine distance is at least `|a - b|² / 2`,
 * the euclidean one is `|a - b|`.
 */
const squaredLimit = (kth: number, cosine: boolean): number => {
  const allowed = kth + PRUNING_SLACK
  return cosine ? 2 * allowed : allowed * allowed
}

/**
 * The k best of the row at scan position `at` by the pruned scan (see {@link averageKnnDistances});
 * returns its cost in distances. Rows that pass the bounds wait in batches of
 * {@link DISTANCE_BATCH} for their distances: meanwhile the bounds use a k-th best that may be
 * higher than the exact one, which can only let more rows through, never drop a neighbour.
 */
const scanRow = (state: ScanState, at: number): number => {
  const { n, m, k, cosine, projection, groups, best, pending } = state
  const ownAt = at * m
  const own = projection[ownAt] as number
  const group = groups[at] as number
  const base = at * state.d
  const start = (state.order[at] as number) * k
  const last = start + k - 1
  let below = at - 1
  let above = at + 1
  let gapBelow = below >= 0 ? own - (projection[below * m] as number) : Infinity
  let gapAbove = above < n ? (projection[above * m] as number) - own : Infinity
  let limit = squaredLimit(best[last] as number, cosine)
  let bounded = 0
  let computed = 0
  let waiting = 0
  while (below >= 0 || above < n) {
    const fromBelow = gapBelow <= gapAbove
    const gap = fromBelow ? gapBelow : gapAbove
    let squared = gap * gap
    if (squared > limit) break
    let other: number
    if (fromBelow) {
      other = below--
      gapBelow = below >= 0 ? own - (projection[below * m] as number) : Infinity
    } else {
      other = above++
      gapAbove = above < n ? (projection[above * m] as number) - own : Infinity
    }
    bounded++
    const otherAt = other * m
    for (let j = 1; j < m; j++) {
      const difference = (projection[ownAt + j] as number) - (projection[otherAt + j] as number)
      squared += difference * difference
    }
    if (squared > limit) continue
    computed++
    if (groups[other] === group) {
      offer(best, start, k, 0)
      limit = squaredLimit(best[last] as number, cosine)
      continue
    }
    pending[waiting++] = other
    if (waiting === DISTANCE_BATCH) {
      offerPending(state, base, start, waiting)
      waiting = 0
      limit = squaredLimit(best[last] as number, cosine)
    }
  }
  if (waiting > 0) offerPending(state, base, start, waiting)
  return computed + (bounded * m) / state.d
}

/**
 * Mean of the k smallest distances from each row to the other rows (exact duplicates at 0),
 * exactly: every distance is computed as a full scan would (the same products, summed in the
 * same order), and the k best of a row do not depend on the order they are offered in.
 *
 * Rows are projected on orthonormal directions `p1..pm` (the data's principal axes): the
 * projections bound two rows' distance from below (`Σ ((a - b)·pj)² <= |a - b|²`, and for rows
 * of norm at most 1 the cosine distance is at least `|a - b|² / 2`). Rows are ordered by their
 * projection on `p1`, each row scans outward from its place in that order, nearest projection
 * first, stops once the gap on `p1` alone exceeds its k-th best distance, and skips a row whose
 * bound on all the directions does. On clustered rows (the near one-hot probabilities of a
 * confident model) that skips most pairs; on diffuse rows it may prune little, so a sample of
 * rows measures the pruned cost first and the brute force (each pair once, offered to both rows)
 * runs when it is cheaper. The scan reads copies laid out in that order, so neighbours in the
 * scan are neighbours in memory.
 */
const averageKnnDistances = (features: Matrix, k: number, metric: OutlierMetric): Float64Array => {
  const n = features.rows
  const d = features.cols
  const cosine = metric === "cosine"
  const groups = duplicateGroups(features)
  const points = cosine ? normalizeRows(features) : features.data
  const directions = principalDirections(points, n, d, Math.min(PROJECTIONS, d))
  const m = directions.length / d
  const projection = new Float64Array(n * m)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let dot = 0
      for (let c = 0; c < d; c++) dot += (points[i * d + c] as number) * (directions[j * d + c] as number)
      projection[i * m + j] = dot
    }
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (projection[a * m] as number) - (projection[b * m] as number) || a - b)
  // Rows, projections and duplicate groups in scan order: position `at` holds row `order[at]`.
  const sorted = new Float64Array(n * d)
  const sortedProjection = new Float64Array(n * m)
  const sortedGroups = new Int32Array(n)
  for (let at = 0; at < n; at++) {
    const i = order[at] as number
    sorted.set(points.subarray(i * d, (i + 1) * d), at * d)
    sortedProjection.set(projection.subarray(i * m, (i + 1) * m), at * m)
    sortedGroups[at] = groups[i] as number
  }
  const best = new Float64Array(n * k).fill(Infinity)
  const state: ScanState = { n, d, m, k, cosine, sorted, projection: sortedProjection, groups: sortedGroups, order, best, pending: new Int32Array(DISTANCE_BATCH) }
  const scan = (at: number): number => scanRow(state, at)
  let sampled = 0
  let sampledCost = 0
  for (let at = 0; at < n; at += SAMPLE_STRIDE) {
    sampledCost += scan(at)
    sampled++
  }
  if (sampledCost / sampled <= PRUNING_BREAK_EVEN * (n - 1)) {
    for (let at = 0; at < n; at++) if (at % SAMPLE_STRIDE !== 0) scan(at)
  } else {
    const distance = distanceOf(points, d, groups, metric)
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

/** `vector` minus its components along the first `count` unit rows of `basis` (`d` columns), in place. */
const removeComponents = (vector: Float64Array, basis: Float64Array, count: number, d: number): void => {
  for (let j = 0; j < count; j++) {
    let dot = 0
    for (let c = 0; c < d; c++) dot += (vector[c] as number) * (basis[j * d + c] as number)
    for (let c = 0; c < d; c++) vector[c] = (vector[c] as number) - dot * (basis[j * d + c] as number)
  }
}

/** `vector` scaled to unit length in place; false when it has none. */
const normalize = (vector: Float64Array): boolean => {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))
  if (!(norm > 0)) return false
  for (let c = 0; c < vector.length; c++) vector[c] = (vector[c] as number) / norm
  return true
}

/**
 * `out = C v` for the scatter matrix `C` of the rows about their mean, for `applications` uses:
 * through `C` built once (`n d²` products) when that is cheaper than a pass over the rows per
 * use (`2 n d` each), else by those passes.
 */
const scatterOperator = (points: Float64Array, n: number, d: number, applications: number): ((v: Float64Array, out: Float64Array) => void) => {
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c]! += (points[i * d + c] as number) / n
  if (d > 2 * applications) {
    return (v, out) => {
      out.fill(0)
      for (let i = 0; i < n; i++) {
        let dot = 0
        for (let c = 0; c < d; c++) dot += ((points[i * d + c] as number) - (mean[c] as number)) * (v[c] as number)
        for (let c = 0; c < d; c++) out[c]! += dot * ((points[i * d + c] as number) - (mean[c] as number))
      }
    }
  }
  const scatter = new Float64Array(d * d)
  const centered = new Float64Array(d)
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) centered[c] = (points[i * d + c] as number) - (mean[c] as number)
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) scatter[a * d + b]! += (centered[a] as number) * (centered[b] as number)
  }
  return (v, out) => {
    for (let a = 0; a < d; a++) {
      let sum = 0
      for (let b = 0; b < d; b++) sum += (scatter[a * d + b] as number) * (v[b] as number)
      out[a] = sum
    }
  }
}

/**
 * Up to `count` orthonormal directions (rows of the result, `d` columns) along the rows'
 * principal axes: power iteration on their scatter from a fixed start, each direction kept
 * orthogonal to the ones before (twice, so that rounding leaves them orthonormal to ~1e-15,
 * which the distance bound needs). Fewer when the rows span fewer directions.
 */
const principalDirections = (points: Float64Array, n: number, d: number, count: number): Float64Array => {
  const scatterTimes = scatterOperator(points, n, d, count * PROJECTION_ITERATIONS)
  const basis = new Float64Array(count * d)
  const next = new Float64Array(d)
  let found = 0
  for (; found < count; found++) {
    const direction = Float64Array.from({ length: d }, (_, c) => 1 + c / d + found)
    removeComponents(direction, basis, found, d)
    if (!normalize(direction)) break
    for (let iteration = 0; iteration < PROJECTION_ITERATIONS; iteration++) {
      scatterTimes(direction, next)
      removeComponents(next, basis, found, d)
      if (!normalize(next)) break
      direction.set(next)
    }
    removeComponents(direction, basis, found, d)
    removeComponents(direction, basis, found, d)
    if (!normalize(direction)) break
    basis.set(direction, found * d)
  }
  return basis.subarray(0, found * d)
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

/** FNV-1a 32-bit offset basis and prime, to hash a row's bits. */
const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** A group id per row; rows with identical values (`0` and `-0` alike) share one. */
const duplicateGroups = (features: Matrix): Int32Array => {
  const { rows, cols, data } = features
  // Rows are bucketed by a hash of their values' bits and compared with each group's first row.
  const firstRows = new Map<number, Array<number>>()
  const out = new Int32Array(rows)
  const value = new Float64Array(1)
  const words = new Int32Array(value.buffer)
  let groups = 0
  for (let i = 0; i < rows; i++) {
    let hash = FNV_OFFSET
    for (let c = 0; c < cols; c++) {
      value[0] = (data[i * cols + c] as number) + 0
      hash = Math.imul(hash ^ (words[0] as number), FNV_PRIME)
      hash = Math.imul(hash ^ (words[1] as number), FNV_PRIME)
    }
    const candidates = firstRows.get(hash)
    const same = candidates?.find((first) => {
      for (let c = 0; c < cols; c++) if ((data[first * cols + c] as number) !== (data[i * cols + c] as number)) return false
      return true
    })
    if (same !== undefined) {
      out[i] = out[same] as number
    } else {
      out[i] = groups++
      if (candidates === undefined) firstRows.set(hash, [i])
      else candidates.push(i)
    }
  }
  return out
}
