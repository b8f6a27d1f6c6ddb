/** The crawl's generators: @strata/core's seeded Random (mulberry32), seeded from text. */
import { Random as SeededRandom } from "@strata/core"

/** Draws from one seeded sequence: the same seed gives the same sequence everywhere. */
export type Random = SeededRandom.Random

/** Derives a 32-bit seed from text, so that `seed + "/2021-09-02"` streams are independent. */
export const seedOf = (text: string): number => {
  let hash = 2166136261
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 16777619)
  }
  return hash >>> 0
}

/** Makes a PRNG from a seed. */
export const makeRandom: (seed: number) => Random = SeededRandom.make
