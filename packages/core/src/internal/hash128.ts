/**
 * A small, fast, non-cryptographic 128-bit string hash (cyrb128 by bryc, public domain):
 * four 32-bit lanes mixed with `Math.imul`, rendered as 32 lowercase hex digits. Used for
 * equality of digests only, never for security.
 */

/** Lane seeds: the four 32-bit offsets the lanes start from. */
const LANE_SEEDS = [1779033703, 3144134277, 1013904242, 2773480762] as const

/** Mixing multipliers of the per-character and final steps (one per lane). */
const LANE_MULTIPLIERS = [597399067, 2869860233, 951274213, 2716044179] as const

/** Two hex digits for every byte value. */
const HEX_BYTES: ReadonlyArray<string> = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"))

const hex32 = (n: number): string =>
  (HEX_BYTES[(n >>> 24) & 0xff] as string) + (HEX_BYTES[(n >>> 16) & 0xff] as string) + (HEX_BYTES[(n >>> 8) & 0xff] as string) +
  (HEX_BYTES[n & 0xff] as string)

/** Hashes a string (UTF-16 code units) to 32 lowercase hex digits; deterministic across runs. */
export const hash128 = (text: string): string => {
  let h1: number = LANE_SEEDS[0]
  let h2: number = LANE_SEEDS[1]
  let h3: number = LANE_SEEDS[2]
  let h4: number = LANE_SEEDS[3]
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, LANE_MULTIPLIERS[0])
    h2 = h3 ^ Math.imul(h2 ^ k, LANE_MULTIPLIERS[1])
    h3 = h4 ^ Math.imul(h3 ^ k, LANE_MULTIPLIERS[2])
    h4 = h1 ^ Math.imul(h4 ^ k, LANE_MULTIPLIERS[3])
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), LANE_MULTIPLIERS[0])
  h2 = Math.imul(h4 ^ (h2 >>> 22), LANE_MULTIPLIERS[1])
  h3 = Math.imul(h1 ^ (h3 >>> 17), LANE_MULTIPLIERS[2])
  h4 = Math.imul(h2 ^ (h4 >>> 19), LANE_MULTIPLIERS[3])
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return hex32(h1) + hex32(h2) + hex32(h3) + hex32(h4)
}
