/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on
 * every platform, so folds, shuffles and generated test problems are reproducible.
 */

/** A seeded generator. */
export interface Prng {
  /** Uniform float in `[0, 1)`. */
  readonly next: () => number
  /** Uniform integer in `[0, bound)`. */
  readonly int: (bound: number) => number
}

/** Golden-ratio increment of mulberry32's state. */
const STATE_INCREMENT = 0x6d2b79f5

/** 2^32, to map a uint32 to `[0, 1)`. */
const UINT32_RANGE = 4294967296

/**
 * A generator seeded by a 32-bit integer.
 *
 * @example
 * const rng = Prng.make(42); rng.int(10) // same value on every run
 */
export const make = (seed: number): Prng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + STATE_INCREMENT) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / UINT32_RANGE
  }
  return { next, int: (bound) => Math.floor(next() * bound) }
}

/** Fisher-Yates shuffle of `values` in place with `rng`; returns `values`. */
export const shuffle = <T extends { length: number; [i: number]: number }>(values: T, rng: Prng): T => {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = values[i] as number
    values[i] = values[j] as number
    values[j] = t
  }
  return values
}
