/**
 * Bit-exact ports of the few numpy routines whose floating-point order decides cleanlab's
 * results: pairwise summation (`np.sum`, `np.mean`), round-half-to-even (`np.round`),
 * linear-interpolated percentiles (`np.percentile`, `np.median`) and stable argsort.
 *
 * @internal
 */

/** numpy's pairwise summation switches from a plain loop to 8 accumulators at this length. */
const PAIRWISE_UNROLL = 8

/** numpy's pairwise summation recurses (halving) above this block length (`PW_BLOCKSIZE`). */
const PAIRWISE_BLOCK = 128

/**
 * Sum of `count` values of `a` read at `start, start + stride, ...`, in numpy's pairwise order
 * (`pairwise_sum_DOUBLE` in `loops_utils.h.src`), as `np.sum` / `np.add.reduce` does for a
 * float64 axis: the identity `0.0` plus the pairwise sum.
 */
export const pairwiseSum = (a: ArrayLike<number>, start: number, count: number, stride = 1): number =>
  0.0 + pairwise(a, start, count, stride)

const pairwise = (a: ArrayLike<number>, start: number, n: number, stride: number): number => {
  if (n < PAIRWISE_UNROLL) {
    let res = -0.0
    for (let i = 0; i < n; i++) res += a[start + i * stride] as number
    return res
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = a[start] as number
    let r1 = a[start + stride] as number
    let r2 = a[start + 2 * stride] as number
    let r3 = a[start + 3 * stride] as number
    let r4 = a[start + 4 * stride] as number
    let r5 = a[start + 5 * stride] as number
    let r6 = a[start + 6 * stride] as number
    let r7 = a[start + 7 * stride] as number
    const full = n - (n % PAIRWISE_UNROLL)
    let i = PAIRWISE_UNROLL
    for (; i < full; i += PAIRWISE_UNROLL) {
      const p = start + i * stride
      r0 += a[p] as number
      r1 += a[p + stride] as number
      r2 += a[p + 2 * stride] as number
      r3 += a[p + 3 * stride] as number
      r4 += a[p + 4 * stride] as number
      r5 += a[p + 5 * stride] as number
      r6 += a[p + 6 * stride] as number
      r7 += a[p + 7 * stride] as number
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7))
    for (; i < n; i++) res += a[start + i * stride] as number
    return res
  }
  let n2 = Math.floor(n / 2)
  n2 -= n2 % PAIRWISE_UNROLL
  return pairwise(a, start, n2, stride) + pairwise(a, start + n2 * stride, n - n2, stride)
}

/** `np.round(x)` / `np.rint`: round half to even. */
export const roundHalfEven = (x: number): number => {
  const floor = Math.floor(x)
  const fraction = x - floor
  if (fraction < 0.5) return floor
  if (fraction > 0.5) return floor + 1
  return floor % 2 === 0 ? floor : floor + 1
}

/**
 * Indices `0..n-1` sorted by `key(i)` ascending, ties by ascending index: numpy's
 * `argsort(kind="stable")` for keys without NaN.
 */
export const stableArgsort = (n: number, key: (i: number) => number): Int32Array => {
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) keys[i] = key(i)
  return argsortKeys(keys)
}

/** Stable ascending argsort of a key array (ties by ascending index). */
export const argsortKeys = (keys: Float64Array): Int32Array => {
  const n = keys.length
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((x, y) => {
    const a = keys[x] as number
    const b = keys[y] as number
    return a < b ? -1 : a > b ? 1 : x - y
  })
  return order
}

/**
 * The rows of `argsortKeys(keys).slice(0, count)` (the `count` smallest keys, ties by ascending
 * index), returned in ascending index order. Linear time: selects the count-th smallest value,
 * then takes every smaller key and the first equal ones.
 */
export const smallestStable = (keys: Float64Array, count: number): Int32Array => {
  const n = keys.length
  const take = Math.max(0, Math.min(count, n))
  if (take === 0) return new Int32Array(0)
  const cutoff = take === n ? Infinity : kthSmallest(keys.slice(), take - 1)
  let below = 0
  for (let i = 0; i < n; i++) if ((keys[i] as number) < cutoff) below++
  let equalSlots = take - below
  const out = new Int32Array(take)
  let at = 0
  for (let i = 0; i < n && at < take; i++) {
    const key = keys[i] as number
    if (key < cutoff || (key === cutoff && equalSlots-- > 0)) out[at++] = i
  }
  return out
}

/** The k-th smallest value (0-based) of `values`, which it reorders (Hoare quickselect). */
const kthSmallest = (values: Float64Array, k: number): number => {
  let lo = 0
  let hi = values.length - 1
  while (hi > lo) {
    const mid = (lo + hi) >>> 1
    const a = values[lo] as number
    const b = values[mid] as number
    const c = values[hi] as number
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b
    let i = lo
    let j = hi
    while (i <= j) {
      while ((values[i] as number) < pivot) i++
      while ((values[j] as number) > pivot) j--
      if (i <= j) {
        const t = values[i] as number
        values[i] = values[j] as number
        values[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return values[k] as number
  }
  return values[lo] as number
}

/** `np.percentile(values, q)` with the default `method="linear"`; `sorted` must be ascending. */
export const percentileSorted = (sorted: Float64Array, q: number): number => {
  const n = sorted.length
  const virtualIndex = (n - 1) * (q / 100)
  const below = Math.floor(virtualIndex)
  const lowIndex = Math.min(Math.max(below, 0), n - 1)
  const highIndex = Math.min(lowIndex + 1, n - 1)
  const gamma = virtualIndex - below
  const a = sorted[lowIndex] as number
  const b = sorted[highIndex] as number
  const diff = b - a
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma
}

/** `np.median(values)`; `sorted` must be ascending and non-empty. */
export const medianSorted = (sorted: Float64Array): number => {
  const n = sorted.length
  const half = Math.floor(n / 2)
  if (n % 2 === 1) return sorted[half] as number
  return (0.0 + (sorted[half - 1] as number) + (sorted[half] as number)) / 2
}
