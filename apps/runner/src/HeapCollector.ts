/**
 * A full garbage collection between steps once the JavaScript heap has grown by a set amount
 * since the last one.
 *
 * V8 grows its old space lazily: a long backfill's steps each leave garbage that outlived the
 * young generation, and the heap (hence the resident set, which V8 seldom gives back) climbs to
 * several times the live data before a major collection runs. Collecting between steps, when a
 * step's data is garbage anyway, keeps the resident set near the live data for a few
 * milliseconds a collection. Small steps (the usual case of a long backfill of tiny partitions)
 * grow the heap little, so they seldom pay for one.
 *
 * The collection is V8's own `gc`, exposed at run time the way Jest's `--logHeapUsage` does
 * (`--expose-gc` set, then `gc` read from a new context); a process started with `--expose-gc`
 * uses its global `gc`.
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

/** Bytes in a megabyte. */
const MB = 1024 * 1024

/** Default growth of the heap, in MB, that triggers a collection between steps. */
export const DEFAULT_HEAP_COLLECTION_MB = 64

/** Collects garbage between steps. */
export interface HeapCollector {
  /** Called when a step ends: collects when the heap has grown enough since the last collection. */
  readonly afterStep: () => void
  /** Collections made so far. */
  readonly collections: () => number
}

let exposedGc: (() => void) | undefined

/** V8's full collection, exposed once per process. */
const fullGc = (): (() => void) => {
  if (exposedGc !== undefined) return exposedGc
  const global = (globalThis as { gc?: () => void }).gc
  if (typeof global === "function") return (exposedGc = global)
  setFlagsFromString("--expose-gc")
  exposedGc = runInNewContext("gc") as () => void
  return exposedGc
}

const heapUsed = (): number => getHeapStatistics().used_heap_size

/**
 * A collector that runs a full collection after a step once the heap has grown by `growthMb`
 * since the last collection (or since it was made); `growthMb` 0 makes one that never collects.
 */
export const make = (growthMb: number): HeapCollector => {
  if (growthMb <= 0) return { afterStep: () => undefined, collections: () => 0 }
  const growth = growthMb * MB
  let baseline = heapUsed()
  let count = 0
  return {
    afterStep: () => {
      if (heapUsed() - baseline < growth) return
      fullGc()()
      count += 1
      baseline = heapUsed()
    },
    collections: () => count
  }
}
