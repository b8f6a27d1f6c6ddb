/** Time offset: a downstream window reads the upstream window `n` windows away (`-1`: the one before). */
import type { PartitionMapping } from "../PartitionMapping.ts"
import { windowMapping } from "./time-window.ts"

/**
 * The window `n` downstream windows away: `timeOffset(-1)` reads the day before for daily
 * assets. A partition whose offset window does not exist (the first day) is left out unless
 * `allowsMissing` is set.
 */
export const timeOffset = (n: number, options?: { readonly allowsMissing?: boolean }): PartitionMapping => {
  const words = n === 0 ? "the same window" : n < 0 ? `the window ${-n} before` : `the window ${n} after`
  return windowMapping("time_offset", 1, n, options?.allowsMissing ?? false, () => `${words} (time offset ${n})`)
}
