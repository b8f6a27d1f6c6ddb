/**
 * `preprocess/text-normalization` (silver, version x date, path `v2/2021-09-02`): the parsed
 * title and content of each page normalized by one version of the rules. The versions come from
 * `settings.normalization.versions`, so a new version is a configuration change that plans only
 * its own partitions (and what reads them); each partition records its version's rules, with
 * every parameter, in the sidecar's `process`.
 *
 * A version's rules are fixed once it is materialized: to change them, declare a new version
 * (the asset's code version does not follow the configuration, so that adding `v3` leaves `v1`
 * and `v2` fresh).
 *
 * The versions of a day read the same pages, and wink reads a page once for all of them
 * (`normalizers`): a step normalizes its day's pages by every version, streams its own rows, and
 * keeps the others' ({@link siblingMemo}) for their steps, which the planner runs next or beside
 * it (it orders a backfill day by day across versions); such a step reads nothing. The rows are a
 * function of the rules and the input's data version alone, so a kept row is the one the
 * sibling's step would compute.
 *
 * wink reads each paragraph of a page alone, and the rewritten paragraphs are remembered
 * ({@link PARAGRAPH_MEMO_CHARS}): crawled pages repeat paragraphs (syndicated and quoted text,
 * boilerplate, near-duplicate copies of a page crawled again), and a paragraph met again is not
 * read again. A page's output is still a function of its text alone.
 */
import { AssetDefinition, AssetSpec, Check, ColumnDoc, PartitionMapping, Partitions } from "@strata/core"
import { normalizers, RuleSet } from "@strata/text"
import { Deferred, Effect, Exit, Schema, Stream } from "effect"
import type { Settings } from "../Settings.ts"
import { DATA_ENGINEERING, dailyFrom, PIPELINE_TAGS } from "./internal/Catalog.ts"
import { fetchedAtDoc, Instant, NormalizedUrl, urlDoc } from "./internal/Columns.ts"
import { inputRows, stepError } from "./internal/Inputs.ts"
import * as HtmlParsing from "./HtmlParsing.ts"

/** The key of the asset. */
export const KEY = "preprocess/text-normalization"

/** The name of the version dimension (what `staticPin` pins). */
export const VERSION_DIMENSION = "version"

/** The name of the date dimension (what `multiToSingle` maps onto daily assets). */
export const DATE_DIMENSION = "date"

/** A page's text normalized by one version. */
export const NormalizedDocument = Schema.Struct({
  url: NormalizedUrl,
  version: Schema.String,
  title: Schema.String,
  content: Schema.String,
  language: Schema.NullOr(Schema.String),
  fetched_at: Instant
})

/** A page's text normalized by one version. */
export type NormalizedDocument = typeof NormalizedDocument.Type

/** The version of a `version/date` partition key. */
export const versionOf = (partition: string): string => partition.slice(0, partition.indexOf("/"))

/**
 * Characters of paragraphs and their normalized texts kept in memory across pages and steps
 * (least recently used forgotten first): about 50 MB at most, against a crawl's working set of
 * repeated paragraphs (the demo's crawl, drawn from the Brown Corpus's 6 MB of text, fits whole:
 * paragraphs and both versions' outputs take some 20 M characters).
 */
export const PARAGRAPH_MEMO_CHARS = 24_000_000

/** Normalizes a parsed page by every rule set, reading each paragraph once: one row per rule set, in their order; pure. */
export const documentNormalizer = (ruleSets: ReadonlyArray<RuleSet.RuleSet>) => {
  const normalize = normalizers(ruleSets, { unit: "paragraph", memoChars: PARAGRAPH_MEMO_CHARS })
  return (row: HtmlParsing.ParsedDocument): ReadonlyArray<NormalizedDocument> => {
    const titles = normalize(row.title ?? "")
    const contents = normalize(row.content)
    return ruleSets.map((ruleSet, i) => ({
      url: row.url,
      version: ruleSet.version,
      title: titles[i] as string,
      content: contents[i] as string,
      language: row.language,
      fetched_at: row.fetched_at
    }))
  }
}

/**
 * Rows a step computes for its sibling versions, kept for their steps: those of one input (by its
 * data version) at a time, each handed out once, so the memo holds at most one day's rows of the
 * other versions. A sibling's step that starts while a step is still computing from the same
 * input waits for it (steps of one day run side by side when a run's concurrency allows): the
 * day is read once either way; if the computing step fails, the waiting one reads it itself.
 */
export const siblingMemo = () => {
  let input: string | undefined
  /** Opens when the step computing from `input` ends. */
  let computing: Deferred.Deferred<void> | undefined
  let kept = new Map<string, ReadonlyArray<NormalizedDocument>>()
  return {
    /** The rows of `version` computed from the input `dataVersion` (waiting for them while they are computed), if kept; forgets them. */
    take: (dataVersion: string, version: string): Effect.Effect<ReadonlyArray<NormalizedDocument> | undefined> =>
      Effect.gen(function* () {
        if (dataVersion !== input) return undefined
        if (computing !== undefined) yield* Deferred.await(computing)
        if (dataVersion !== input) return undefined
        const rows = kept.get(version)
        kept.delete(version)
        return rows
      }),
    /**
     * Starts computing every version from the input `dataVersion` for the step of `own`; the
     * returned `done` keeps the other versions' rows (or, given nothing, lets waiting steps read
     * the input themselves).
     */
    compute: (dataVersion: string, own: string) => {
      const gate = Deferred.makeUnsafe<void>()
      input = dataVersion
      computing = gate
      kept = new Map()
      return {
        done: (byVersion: ReadonlyMap<string, ReadonlyArray<NormalizedDocument>> | undefined): void => {
          if (computing === gate) {
            computing = undefined
            if (byVersion !== undefined) kept = new Map([...byVersion].filter(([version]) => version !== own))
            else input = undefined
          }
          Deferred.doneUnsafe(gate, Effect.void)
        }
      }
    }
  }
}

/** The asset's definition; its version keys are those of the settings. Its steps share one {@link siblingMemo}. */
export const make = (settings: Settings) => {
  const versions = settings.normalization.versions
  const ruleSetList = Object.values(Effect.runSync(RuleSet.fromConfig(versions)))
  const normalizeDocument = documentNormalizer(ruleSetList)
  const memo = siblingMemo()
  return AssetDefinition.make(
    AssetSpec.make({
      key: KEY,
      layer: "silver",
      description: "The title and content of every parsed page, normalized by each configured version of the text rules (one partition per version and day).",
      dataset: "html-documents",
      partitions: Partitions.multi({
        [VERSION_DIMENSION]: Partitions.staticKeys(Object.keys(versions)),
        [DATE_DIMENSION]: dailyFrom(settings.startDate)
      }),
      deps: [{ asset: HtmlParsing.KEY, mapping: PartitionMapping.multiToSingle(DATE_DIMENSION) }],
      schema: NormalizedDocument,
      columns: {
        url: urlDoc,
        version: ColumnDoc.make("normalization version (the partition's version)", "which text preparation a model or annotator consumed"),
        title: ColumnDoc.make("title normalized by the version's rules (empty when the page has none)", "the title as the model sees it"),
        content: ColumnDoc.make("main content normalized by the version's rules", "the text as the model and the annotator see it"),
        language: ColumnDoc.make("ISO 639-1 language of the page", "which language pipeline the page belongs to"),
        fetched_at: fetchedAtDoc
      },
      // 2: a page's tokens no longer depend on the pages wink read before it in the process.
      // 3: wink reads each paragraph alone (parts of speech and sentences end at a blank line).
      codeVersion: "3",
      owners: [DATA_ENGINEERING],
      tags: { ...PIPELINE_TAGS, stage: "preprocess" },
      checks: [
        Check.notNull("url"),
        Check.unique("url"),
        Check.notNull("content"),
        Check.inSet("version", Object.keys(versions)),
        Check.rowCountBetween(1, undefined, { severity: "warn" })
      ]
    }),
    (ctx) =>
      Stream.unwrap(
        Effect.gen(function* () {
          const version = versionOf(ctx.partition)
          const own = ruleSetList.findIndex((ruleSet) => ruleSet.version === version)
          const ruleSet = ruleSetList[own]
          if (ruleSet === undefined) {
            return yield* stepError(ctx, "InvalidConfig", `normalization version ${JSON.stringify(version)} is not in settings.normalization.versions (${Object.keys(versions).join(", ")}); declare it there`)
          }
          yield* ctx.process(ruleSet.describe())
          const inputs = ctx.inputs.get(HtmlParsing.KEY as never) ?? []
          const dataVersion = inputs.length === 1 ? inputs[0]?.dataVersion : undefined
          const kept = dataVersion === undefined ? undefined : yield* memo.take(dataVersion, version)
          if (kept !== undefined) return Stream.fromIterable(kept)
          // Rows stream through (only the siblings' are kept), so that a day's pages die young.
          const siblings = ruleSetList.map((): Array<NormalizedDocument> => [])
          const computing = dataVersion === undefined ? undefined : memo.compute(dataVersion, version)
          return inputRows(ctx, HtmlParsing.KEY, HtmlParsing.ParsedDocument).pipe(
            Stream.map(({ row }) => {
              const documents = normalizeDocument(row)
              documents.forEach((document, i) => {
                if (i !== own) siblings[i]?.push(document)
              })
              return documents[own] as NormalizedDocument
            }),
            Stream.onExit((exit) =>
              Effect.sync(() => computing?.done(Exit.isSuccess(exit) ? new Map(ruleSetList.map((one, i) => [one.version, siblings[i] ?? []])) : undefined))
            )
          )
        })
      )
  )
}
