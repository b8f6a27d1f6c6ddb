/**
 * What every asset of the pipeline shares: its owners, tags and daily partitions. Kept in one
 * place so the pipeline reads as one product in the catalog.
 */
import { Partitions } from "@strata/core"

/** Team owning the crawl intake and preprocessing (bronze and silver). */
export const DATA_ENGINEERING = "data-engineering@example.com"
/** Team owning labels, the model and cleaning (gold, model, post-train). */
export const ML_TEAM = "ml-team@example.com"

/** Tags every asset carries (`strata materialize tag:pipeline=html-classification`). */
export const PIPELINE_TAGS = { pipeline: "html-classification", domain: "web-documents" } as const

/** Daily UTC partitions from `startDate`; today's partition is not complete, so it is not planned. */
export const dailyFrom = (startDate: string): Partitions.TimeWindowPartitions => Partitions.daily({ start: startDate })
