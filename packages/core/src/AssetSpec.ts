/**
 * Asset specs: pure data describing an asset (key, layer, partitions, dependencies, row
 * schema, column meanings, code version, checks, owners, tags, format, retry policy). Build one
 * with {@link make}, which fills the defaults and validates.
 *
 * @example
 * const spec = AssetSpec.make({
 *   key: "preprocess/html-parsing",
 *   layer: "silver",
 *   description: "Title, content and language of every crawled page",
 *   partitions: Partitions.daily({ start: "2021-09-01" }),
 *   deps: ["preprocess/url-normalization"],
 *   schema: Schema.Struct({ url: Schema.String, title: Schema.String }),
 *   columns: { url: ColumnDoc.make("normalized URL", "the page's identity") },
 *   codeVersion: "2"
 * })
 */
import { Result, Schema } from "effect"
import * as AssetKey from "./AssetKey.ts"
import type { CheckSpec } from "./Check.ts"
import type { ColumnDoc } from "./ColumnDoc.ts"
import { DefinitionError } from "./DefinitionError.ts"
import type { Layer } from "./Layer.ts"
import { isLayer } from "./Layer.ts"
import * as PartitionMapping from "./PartitionMapping.ts"
import * as Partitions from "./Partitions.ts"

/** An upstream asset and how partitions map onto it. */
export interface Dependency {
  /** The upstream asset. */
  readonly asset: AssetKey.AssetKey
  /** Which upstream partitions each partition reads. */
  readonly mapping: PartitionMapping.PartitionMapping
}

/** One processing rule applied by the asset, recorded in its sidecar. */
export interface ProcessRule {
  /** Rule name, e.g. `remove_punctuation`. */
  readonly rule: string
  /** Its parameters. */
  readonly params: Readonly<Record<string, unknown>>
}

/** The stored format of the data. */
export interface Format {
  /** File format. */
  readonly kind: "jsonl"
  /** Compression of the file. */
  readonly compression: "none" | "gzip"
}

/** How often and how patiently to retry a failed materialization. */
export interface RetryPolicy {
  /** Attempts in all (1: no retry). */
  readonly maxAttempts: number
  /** Wait before the first retry, in milliseconds (doubling after each). */
  readonly backoffMs: number
}

/** Whether an asset is produced by Strata or observed (a source such as a crawler's landing zone). */
export type AssetKind = "materialized" | "source"

/** An asset spec: pure data. */
export interface AssetSpec<Row = unknown> {
  /** The asset key, e.g. `preprocess/text-normalization`. */
  readonly key: AssetKey.AssetKey
  /** Its medallion layer. */
  readonly layer: Layer
  /** What the asset holds, in a sentence. */
  readonly description: string
  /** File stem of the data in each partition, e.g. `html-documents`. */
  readonly dataset: string
  /** Its partitions; absent means unpartitioned (single key `"all"`). */
  readonly partitions?: Partitions.PartitionsDefinition
  /** Upstream assets with their mappings. */
  readonly deps: ReadonlyArray<Dependency>
  /** Effect Schema of one row. */
  readonly schema: Schema.Codec<Row, unknown>
  /** Business meaning of each column. */
  readonly columns: Readonly<Record<string, ColumnDoc>>
  /** Version of the code producing it; changing it makes every partition stale. */
  readonly codeVersion: string
  /** Data checks run on every partition. */
  readonly checks: ReadonlyArray<CheckSpec>
  /** Owners (people or teams). */
  readonly owners: ReadonlyArray<string>
  /** Free tags, selectable with `tag:name` or `tag:name=value`. */
  readonly tags: Readonly<Record<string, string>>
  /** Stored format. */
  readonly format: Format
  /** Retry policy. */
  readonly retry: RetryPolicy
  /** Processing rules with parameters, recorded in sidecars. */
  readonly process?: ReadonlyArray<ProcessRule>
  /** Produced or observed. */
  readonly kind: AssetKind
}

/** A dependency as written in {@link make}: a key (identity mapping) or a key with a mapping. */
export type DependencyInput = string | { readonly asset: string; readonly mapping?: PartitionMapping.PartitionMapping }

/** What {@link make} takes: the key and layer, and any field to override a default. */
export interface Input<Row> {
  /** Asset key (validated). */
  readonly key: string
  /** Layer (`source` implies kind `source`). */
  readonly layer: Layer
  /** Description (default empty). */
  readonly description?: string
  /** Dataset file stem (default: the key's last segment). */
  readonly dataset?: string
  /** Partitions (default: unpartitioned). */
  readonly partitions?: Partitions.PartitionsDefinition
  /** Dependencies (default none; a bare key uses the identity mapping). */
  readonly deps?: ReadonlyArray<DependencyInput>
  /** Row schema (default `Schema.Unknown`). */
  readonly schema?: Schema.Codec<Row, unknown>
  /** Column docs (default none). */
  readonly columns?: Readonly<Record<string, ColumnDoc>>
  /** Code version (default {@link DEFAULT_CODE_VERSION}). */
  readonly codeVersion?: string
  /** Checks (default none). */
  readonly checks?: ReadonlyArray<CheckSpec>
  /** Owners (default none). */
  readonly owners?: ReadonlyArray<string>
  /** Tags (default none). */
  readonly tags?: Readonly<Record<string, string>>
  /** Format (default {@link DEFAULT_FORMAT}). */
  readonly format?: Partial<Format>
  /** Retry policy (default {@link DEFAULT_RETRY}). */
  readonly retry?: Partial<RetryPolicy>
  /** Processing rules. */
  readonly process?: ReadonlyArray<ProcessRule>
  /** Kind (default `source` for the source layer, else `materialized`). */
  readonly kind?: AssetKind
}

/** The code version of a spec that names none. */
export const DEFAULT_CODE_VERSION = "1"

/** The format of a spec that names none: uncompressed JSON Lines. */
export const DEFAULT_FORMAT: Format = { kind: "jsonl", compression: "none" }

/** The retry policy of a spec that names none: three attempts, one second apart at first. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, backoffMs: 1000 }

/** A dataset file stem: a path segment without extension dots at the ends. */
const DATASET_PATTERN = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*$/

const invalid = (asset: string, message: string, reason: "InvalidSpec" | "InvalidPartitions" = "InvalidSpec") =>
  new DefinitionError({ reason, asset, message: `Asset ${asset}: ${message}.` })

/** What is wrong with a spec's own fields (not its place in a graph), or `undefined`. */
export const problemOf = (spec: AssetSpec<unknown>): DefinitionError | undefined => {
  const key = AssetKey.parse(spec.key)
  if (Result.isFailure(key)) return key.failure
  if (!isLayer(spec.layer)) return invalid(spec.key, `layer ${JSON.stringify(spec.layer)} is not one of source, bronze, silver, gold, model, post-train`)
  if (!DATASET_PATTERN.test(spec.dataset)) return invalid(spec.key, `dataset ${JSON.stringify(spec.dataset)} is not a file stem like "html-documents"`)
  if (spec.codeVersion.length === 0) return invalid(spec.key, "codeVersion is empty; give it a version such as \"1\"")
  if (!Number.isInteger(spec.retry.maxAttempts) || spec.retry.maxAttempts < 1) {
    return invalid(spec.key, `retry.maxAttempts ${spec.retry.maxAttempts} must be an integer >= 1`)
  }
  if (!(spec.retry.backoffMs >= 0)) return invalid(spec.key, `retry.backoffMs ${spec.retry.backoffMs} must be >= 0`)
  if (spec.kind === "source" && spec.deps.length > 0) return invalid(spec.key, "a source asset is observed, so it cannot have dependencies; remove its deps or make it materialized")
  for (const dep of spec.deps) {
    const depKey = AssetKey.parse(dep.asset)
    if (Result.isFailure(depKey)) return invalid(spec.key, `dependency: ${depKey.failure.message}`)
  }
  const names = spec.checks.map((check) => check.name)
  const twice = names.find((name, i) => names.indexOf(name) !== i)
  if (twice !== undefined) return invalid(spec.key, `two checks are named ${JSON.stringify(twice)}; pass { name } to one of them`)
  const partitionsProblem = spec.partitions === undefined ? undefined : Partitions.problemOf(spec.partitions)
  if (partitionsProblem !== undefined) return invalid(spec.key, `partitions: ${partitionsProblem}`, "InvalidPartitions")
  return undefined
}

const lastSegment = (key: string): string => key.slice(key.lastIndexOf("/") + 1)

const dependencyOf = (dep: DependencyInput): Dependency =>
  typeof dep === "string"
    ? { asset: dep as AssetKey.AssetKey, mapping: PartitionMapping.identity() }
    : { asset: dep.asset as AssetKey.AssetKey, mapping: dep.mapping ?? PartitionMapping.identity() }

/**
 * Builds a spec, filling defaults, and validates its own fields; throws a `DefinitionError`
 * naming the asset and the field when one is wrong (graph-level checks happen in `AssetGraph`).
 */
export const make = <Row = unknown>(input: Input<Row>): AssetSpec<Row> => {
  const spec: AssetSpec<Row> = {
    key: input.key as AssetKey.AssetKey,
    layer: input.layer,
    description: input.description ?? "",
    dataset: input.dataset ?? lastSegment(input.key),
    ...(input.partitions === undefined ? {} : { partitions: input.partitions }),
    deps: (input.deps ?? []).map(dependencyOf),
    schema: input.schema ?? (Schema.Unknown as unknown as Schema.Codec<Row, unknown>),
    columns: input.columns ?? {},
    codeVersion: input.codeVersion ?? DEFAULT_CODE_VERSION,
    checks: input.checks ?? [],
    owners: input.owners ?? [],
    tags: input.tags ?? {},
    format: { ...DEFAULT_FORMAT, ...input.format },
    retry: { ...DEFAULT_RETRY, ...input.retry },
    ...(input.process === undefined ? {} : { process: input.process }),
    kind: input.kind ?? (input.layer === "source" ? "source" : "materialized")
  }
  const problem = problemOf(spec)
  if (problem !== undefined) throw problem
  return spec
}
