/**
 * What annotation did and cost, for the sidecar and MLflow: plain numbers, no secrets.
 */
import type { BudgetSnapshot } from "./Budget.ts"
import { toUsd } from "./Money.ts"

/** Mutable counters kept by the annotator and its transport (internal bookkeeping; read them through {@link snapshot}). */
export interface Counters {
  /** Documents submitted. */
  documents: number
  /** Documents labeled. */
  annotated: number
  /** Documents (and unexpected answers) quarantined. */
  quarantined: number
  /** Documents answered from the cache. */
  cacheHits: number
  /** Distinct texts not found in the cache. */
  cacheMisses: number
  /** Documents whose text repeated another document's in the same call (labeled once). */
  duplicates: number
}

/** HTTP traffic counters kept by a provider's transport. */
export interface Traffic {
  /** HTTP attempts sent (retries included). */
  calls: number
  /** Attempts that were retries. */
  retries: number
}

/** Fresh zeroed counters. */
export const makeCounters = (): Counters => ({
  documents: 0,
  annotated: 0,
  quarantined: 0,
  cacheHits: 0,
  cacheMisses: 0,
  duplicates: 0
})

/** Fresh zeroed traffic counters. */
export const makeTraffic = (): Traffic => ({ calls: 0, retries: 0 })

/** Annotation statistics, ready for the sidecar and MLflow metrics. */
export interface AnnotationStats {
  /** Provider name. */
  readonly provider: string
  /** Model name. */
  readonly model: string
  /** Documents submitted. */
  readonly documents: number
  /** Documents labeled. */
  readonly annotated: number
  /** Documents (and unexpected answers) quarantined. */
  readonly quarantined: number
  /** Documents answered from the cache. */
  readonly cacheHits: number
  /** Distinct texts not found in the cache. */
  readonly cacheMisses: number
  /** Documents labeled once for several copies of the same text. */
  readonly duplicates: number
  /** HTTP attempts sent. */
  readonly calls: number
  /** Attempts that were retries. */
  readonly retries: number
  /** Money reported charged, in USD. */
  readonly costUsd: number
  /** Money counted as spent for calls of unknown outcome (timeouts), in USD. */
  readonly assumedCostUsd: number
  /** The budget's limit in USD (`null` when unlimited). */
  readonly budgetUsd: number | null
}

/** A snapshot of counters and budget as statistics. */
export const snapshot = (
  counters: Counters,
  traffic: Traffic,
  budget: BudgetSnapshot,
  identity: { readonly provider: string; readonly model: string }
): AnnotationStats => ({
  provider: identity.provider,
  model: identity.model,
  documents: counters.documents,
  annotated: counters.annotated,
  quarantined: counters.quarantined,
  cacheHits: counters.cacheHits,
  cacheMisses: counters.cacheMisses,
  duplicates: counters.duplicates,
  calls: traffic.calls,
  retries: traffic.retries,
  costUsd: toUsd(budget.spentMicros),
  assumedCostUsd: toUsd(budget.assumedMicros),
  budgetUsd: Number.isFinite(budget.limitMicros) ? toUsd(budget.limitMicros) : null
})
