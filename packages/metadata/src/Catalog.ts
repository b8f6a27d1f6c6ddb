/**
 * The catalog summary behind `strata catalog`: per asset, how many partitions are fresh, stale
 * or missing, and when it was last updated. Pure functions over statuses the caller gathered
 * (from the planner and the storage listing).
 *
 * @example
 * ```ts
 * const summaries = Catalog.summarize([{ asset: "raw/html-documents", layer: "bronze", partition: "2021-09-02", status: "fresh", updatedAt: "2021-09-03T01:00:00.000Z" }])
 * console.log(Catalog.renderTable(summaries))
 * ```
 */

/** The state of one asset-partition (see DESIGN.md "Versions, staleness, plans"). */
export type PartitionStatus = "fresh" | "stale" | "missing"

/** One asset-partition and its state. */
export interface PartitionState {
  readonly asset: string
  /** Layer of the asset (the same for every partition of an asset). */
  readonly layer: string
  readonly partition: string
  readonly status: PartitionStatus
  /** When its committed version was created (ISO 8601), absent when missing. */
  readonly updatedAt?: string
}

/** The catalog line of one asset. */
export interface AssetSummary {
  readonly asset: string
  readonly layer: string
  readonly fresh: number
  readonly stale: number
  readonly missing: number
  /** Every partition counted. */
  readonly total: number
  /** The latest `updatedAt` of its partitions, absent when none is committed. */
  readonly lastUpdate?: string
}

/** One summary per asset, in asset-key order. */
export const summarize = (states: ReadonlyArray<PartitionState>): ReadonlyArray<AssetSummary> => {
  const byAsset = new Map<string, { layer: string; fresh: number; stale: number; missing: number; lastUpdate?: string }>()
  for (const state of states) {
    const entry = byAsset.get(state.asset) ?? { layer: state.layer, fresh: 0, stale: 0, missing: 0 }
    entry[state.status]++
    if (state.updatedAt !== undefined && (entry.lastUpdate === undefined || state.updatedAt > entry.lastUpdate)) {
      entry.lastUpdate = state.updatedAt
    }
    byAsset.set(state.asset, entry)
  }
  return [...byAsset]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([asset, entry]) => ({
      asset,
      layer: entry.layer,
      fresh: entry.fresh,
      stale: entry.stale,
      missing: entry.missing,
      total: entry.fresh + entry.stale + entry.missing,
      ...(entry.lastUpdate === undefined ? {} : { lastUpdate: entry.lastUpdate })
    }))
}

/** A plain-text table of summaries (columns padded to align), one asset per line. */
export const renderTable = (summaries: ReadonlyArray<AssetSummary>): string => {
  const header = ["ASSET", "LAYER", "FRESH", "STALE", "MISSING", "LAST UPDATE"]
  const rows = summaries.map((summary) => [
    summary.asset,
    summary.layer,
    String(summary.fresh),
    String(summary.stale),
    String(summary.missing),
    summary.lastUpdate ?? "never"
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)))
  return [header, ...rows].map((row) => row.map((value, i) => value.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n")
}
