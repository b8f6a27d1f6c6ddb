/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every
 * run and every machine, so that samples, generated data and property-style tests reproduce.
 * Not for anything secret.
 *
 * @example
 * const random = Random.make(42)
 * random.int(1, 6) // the same roll on every run
 */

/** Draws from one seeded sequence. */
export interface Random {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in [min, max]. */
  readonly int: (min: number, max: number) => number
  /** One element of a non-empty array. */
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean
}

/** The bare sequence of a 32-bit seed: floats in [0, 1). */
export const floats = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Draws from the sequence of a 32-bit seed ({@link floats}). */
export const make = (seed: number): Random => {
  const next = floats(seed)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number],
    chance: (p) => next() < p
  }
}
