/**
 * The annotator: a batch of documents in, a label (or a quarantine item) per document out.
 *
 * For each call it checks the label set, answers what it can from the cache (content hash of
 * text, label set, provider and model), labels each distinct missing text once, in batches
 * sent concurrently, validates every answer, and writes each paid result to the cache before
 * returning it. A batch, once sent, completes and is cached even if the run is interrupted.
 *
 * When the budget cannot cover the next batch, or the provider fails for good, no new batch is
 * sent; batches in flight finish (and are cached), then the call fails with `BudgetExceeded`
 * or `AnnotationError`. The caller leaves its partition uncommitted; a later run resumes
 * from the cache without paying again.
 */
import { Clock, Context, Effect, Layer } from "effect"
import type { Annotation, Document, LabeledItem, QuarantineItem } from "./Annotation.ts"
import type { AnnotationError } from "./AnnotationError.ts"
import * as AnnotationStats from "./AnnotationStats.ts"
import * as Budget from "./Budget.ts"
import { keyer, type CacheKey } from "./CacheKey.ts"
import { CacheStore, type CacheRecord, type CacheStoreError } from "./CacheStore.ts"
import * as LabelSet from "./LabelSet.ts"
import { split, toUsd } from "./Money.ts"
import type { Provider } from "./Provider.ts"
import { makeProvider, type ProviderConfig } from "./ProviderConfig.ts"
import { validate } from "./Validation.ts"

/** What one call returns. */
export interface AnnotationBatch {
  /** Labeled documents, in input order. */
  readonly annotations: ReadonlyArray<Annotation>
  /** Documents (and unexpected answers) set aside, with their reasons. */
  readonly quarantined: ReadonlyArray<QuarantineItem>
}

/** The annotator service. */
export class Annotator extends Context.Service<
  Annotator,
  {
    /** Labels documents with one label of `labels` each, or quarantines them. */
    readonly annotate: (
      documents: ReadonlyArray<Document>,
      labels: ReadonlyArray<string>
    ) => Effect.Effect<AnnotationBatch, AnnotationError | Budget.BudgetExceeded | CacheStoreError>
    /** Cumulative statistics of this annotator (for the sidecar and MLflow). */
    readonly stats: Effect.Effect<AnnotationStats.AnnotationStats>
    /** The provider's name. */
    readonly provider: string
    /** The model's name. */
    readonly model: string
  }
>()("@strata/annotation/Annotator") {}

/** Options of {@link make}. */
export interface AnnotatorOptions {
  /** The labeling backend. */
  readonly provider: Provider
  /** The run's budget (default: unlimited). */
  readonly budget?: Budget.Budget
}

type Outcome =
  | { readonly _tag: "Labeled"; readonly item: LabeledItem; readonly costMicros: number }
  | { readonly _tag: "Quarantined"; readonly item: QuarantineItem }

interface Pending {
  readonly document: Document
  readonly key: CacheKey
}

const chunk = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const chunks: Array<ReadonlyArray<A>> = []
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size))
  return chunks
}

/**
 * Makes an annotator over a provider, with the cache store from the context.
 *
 * @example
 * const annotator = yield* Annotator.make({ provider: WeakSupervisionProvider.make() })
 * const { annotations, quarantined } = yield* annotator.annotate([{ id: "1", text: "The sheriff rode into the canyon" }], BROWN_CATEGORIES)
 */
export const make = Effect.fnUntraced(function* (options: AnnotatorOptions) {
  const cache = yield* CacheStore
  const provider = options.provider
  const budget = options.budget ?? Budget.unlimited()
  const counters = AnnotationStats.makeCounters()

  const annotate = (documents: ReadonlyArray<Document>, labels: ReadonlyArray<string>) =>
    Effect.gen(function* () {
      const labelSet = yield* LabelSet.check(labels, provider.name)
      yield* provider.checkLabels(labelSet)
      counters.documents += documents.length
      const keyOf = provider.cacheable ? keyer({ labels: labelSet, provider: provider.name, model: provider.model }) : undefined
      const quarantined: Array<QuarantineItem> = []
      const seenIds = new Set<string>()
      const accepted: Array<Pending> = []
      for (const document of documents) {
        if (seenIds.has(document.id)) {
          quarantined.push({ id: document.id, reason: "DuplicateId", detail: "this id appeared earlier in the same call: give every document a unique id" })
          continue
        }
        seenIds.add(document.id)
        accepted.push({ document, key: keyOf === undefined ? document.id : keyOf(document.text) })
      }

      const outcomes = new Map<CacheKey, Outcome>()
      const hits = keyOf === undefined ? new Map<CacheKey, CacheRecord>() : yield* cache.getMany(accepted.map((pending) => pending.key))
      const representatives: Array<Pending> = []
      const representativeId = new Map<CacheKey, string>()
      for (const pending of accepted) {
        if (hits.has(pending.key)) counters.cacheHits += 1
        else if (representativeId.has(pending.key)) counters.duplicates += 1
        else {
          representativeId.set(pending.key, pending.document.id)
          representatives.push(pending)
        }
      }
      if (keyOf !== undefined) counters.cacheMisses += representatives.length

      let stop: AnnotationError | Budget.BudgetExceeded | CacheStoreError | undefined
      const runBatch = (batch: ReadonlyArray<Pending>) =>
        Effect.gen(function* () {
          const answer = yield* provider.label(
            batch.map((pending) => pending.document),
            labelSet,
            budget
          )
          const shares = split(answer.costMicros, batch.length)
          const keyById = new Map(batch.map((pending, index) => [pending.document.id, { key: pending.key, share: shares[index]! }]))
          if (answer._tag === "Malformed") {
            for (const pending of batch) {
              outcomes.set(pending.key, { _tag: "Quarantined", item: { id: pending.document.id, reason: "MalformedResponse", detail: answer.detail } })
            }
            return
          }
          const verdict = validate(
            batch.map((pending) => pending.document.id),
            labelSet,
            answer.items
          )
          if (keyOf !== undefined && verdict.labeled.length > 0) {
            const at = new Date(yield* Clock.currentTimeMillis).toISOString()
            yield* cache.putMany(
              verdict.labeled.map((item) => ({
                key: keyById.get(item.id)!.key,
                label: item.label,
                confidence: item.confidence,
                provider: provider.name,
                model: provider.model,
                costMicros: keyById.get(item.id)!.share,
                at
              }))
            )
          }
          for (const item of verdict.labeled) {
            const { key, share } = keyById.get(item.id)!
            outcomes.set(key, { _tag: "Labeled", item, costMicros: share })
          }
          for (const item of verdict.quarantined) {
            const owner = keyById.get(item.id)
            if (owner === undefined) quarantined.push(item)
            else outcomes.set(owner.key, { _tag: "Quarantined", item })
          }
        })

      yield* Effect.forEach(
        chunk(representatives, provider.batchSize),
        (batch) =>
          Effect.suspend(() =>
            stop !== undefined
              ? Effect.void
              : Effect.uninterruptible(runBatch(batch)).pipe(
                  Effect.catch((error) =>
                    Effect.sync(() => {
                      stop ??= error
                    })
                  )
                )
          ),
        { concurrency: provider.concurrency, discard: true }
      )
      if (stop !== undefined) return yield* Effect.fail(stop)

      const annotations: Array<Annotation> = []
      for (const { document, key } of accepted) {
        const hit = hits.get(key)
        if (hit !== undefined) {
          annotations.push({ id: document.id, label: hit.label, confidence: hit.confidence, provider: provider.name, model: provider.model, costUsd: 0, cached: true })
          continue
        }
        const outcome = outcomes.get(key)!
        if (outcome._tag === "Quarantined") {
          quarantined.push({ ...outcome.item, id: document.id })
          continue
        }
        const first = representativeId.get(key) === document.id
        annotations.push({
          id: document.id,
          label: outcome.item.label,
          confidence: outcome.item.confidence,
          provider: provider.name,
          model: provider.model,
          costUsd: first ? toUsd(outcome.costMicros) : 0,
          cached: !first
        })
      }
      counters.annotated += annotations.length
      counters.quarantined += quarantined.length
      return { annotations, quarantined } satisfies AnnotationBatch
    })

  return Annotator.of({
    annotate,
    stats: Effect.map(budget.snapshot, (snapshot) => AnnotationStats.snapshot(counters, provider.traffic, snapshot, { provider: provider.name, model: provider.model })),
    provider: provider.name,
    model: provider.model
  })
})

/** Configuration of {@link layer}: which provider, and the run's budget. */
export interface AnnotatorConfig {
  /** The provider (default: the weak-supervision labeler with the Brown lexicon). */
  readonly provider?: ProviderConfig
  /** The run's budget in USD (default: unlimited). */
  readonly budgetUsd?: number
}

/**
 * A layer building the annotator from configuration: API keys are read from the environment
 * variables the configuration names; connection pools close with the layer.
 */
export const layer = (config: AnnotatorConfig = {}): Layer.Layer<Annotator, AnnotationError, CacheStore> =>
  Layer.effect(
    Annotator,
    Effect.gen(function* () {
      const provider = yield* makeProvider(config.provider)
      return yield* make({ provider, budget: config.budgetUsd === undefined ? Budget.unlimited() : Budget.make(config.budgetUsd) })
    })
  )
