/**
 * Where a dataset partition lives: `<project>/<asset>/<partition path>/<dataset>.<ext>`, with
 * its sidecar `<dataset>.meta.yaml` and its quarantine file `<dataset>.quarantine.jsonl`
 * beside it. Keys are relative to the store's root (`file://./data`, `s3://bucket/prefix`).
 * Storage's own bookkeeping lives under `<project>/_<name>/` folders, which no asset can
 * shadow because asset segments start with a letter or digit.
 */
import { Data, Effect } from "effect"

/** One dataset partition's place in storage. */
export interface DatasetLayout {
  /** Project name (one segment). */
  readonly project: string
  /** Asset key, `/`-separated segments. */
  readonly asset: string
  /** Partition key (`"all"` for an unpartitioned asset). */
  readonly partition: string
  /** Folder of the partition under the asset (`""` for an unpartitioned asset). */
  readonly partitionPath: string
  /** File stem, e.g. `html-documents`. */
  readonly dataset: string
  /** Data file extension, e.g. `jsonl` or `jsonl.gz`. */
  readonly ext: string
}

/** The partition key of an unpartitioned asset. */
export const UNPARTITIONED = "all"

/** Suffix of the sidecar beside the data. */
export const SIDECAR_SUFFIX = ".meta.yaml"

/** Suffix of the quarantine file beside the data. */
export const QUARANTINE_SUFFIX = ".quarantine.jsonl"

/** The field of a layout that is malformed. */
export type LayoutField = "project" | "asset" | "partition" | "dataset" | "ext"

/** A layout field that would escape its folder or clash with storage's own files. */
export class LayoutError extends Data.TaggedError("LayoutError")<{
  /** Always `Invalid`: the value breaks the naming rules. */
  readonly reason: "Invalid"
  /** Which field. */
  readonly field: LayoutField
  /** The offending value. */
  readonly value: string
  /** What is wrong and how to fix it. */
  readonly message: string
}> {}

const NAME = /^[a-z0-9][a-z0-9._-]*$/
const EXT = /^[a-z0-9]+(\.[a-z0-9]+)*$/
// Control characters, path separators other than "/", and nothing else is refused in partition segments.
const UNSAFE_PARTITION_CHARACTERS = /[\u0000-\u001f\u007f\\]/

const invalid = (field: LayoutField, value: string, why: string) =>
  new LayoutError({ reason: "Invalid", field, value, message: `Invalid ${field} ${JSON.stringify(value)}: ${why}.` })

const nameProblem = (field: LayoutField, value: string) =>
  NAME.test(value) ? undefined : invalid(field, value, "use lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")

const assetProblem = (asset: string) => {
  const bad = asset.split("/").find((segment) => !NAME.test(segment) || segment === "." || segment === "..")
  return bad === undefined
    ? undefined
    : invalid("asset", asset, `segment ${JSON.stringify(bad)} is not allowed; segments are lower-case letters, digits, '.', '_' or '-', starting with a letter or digit`)
}

/** Why a partition path is unsafe, or `undefined`. Partition paths are relative and never start a segment with `_` or `.`. */
export const partitionPathProblem = (path: string): string | undefined => {
  if (path === "") return undefined
  if (UNSAFE_PARTITION_CHARACTERS.test(path)) return "it contains a control character or a backslash"
  if (path.startsWith("/")) return "it is an absolute path"
  for (const segment of path.split("/")) {
    if (segment === "") return "it has an empty segment"
    if (segment === "." || segment === "..") return `it has a "${segment}" segment`
    if (segment.startsWith("_") || segment.startsWith(".")) return `segment ${JSON.stringify(segment)} starts with '_' or '.', which storage reserves`
  }
  return undefined
}

/**
 * A checked layout. `partitionPath` defaults to the partition key, or `""` for
 * {@link UNPARTITIONED}; `ext` defaults to `jsonl`.
 *
 * @example
 * DatasetLayout.make({ project: "html-classification", asset: "preprocess/text-normalization",
 *   partition: "v2/2021-09-02", dataset: "html-documents" })
 * // data key: html-classification/preprocess/text-normalization/v2/2021-09-02/html-documents.jsonl
 */
export const make = (input: {
  readonly project: string
  readonly asset: string
  readonly partition: string
  readonly partitionPath?: string
  readonly dataset: string
  readonly ext?: string
}): Effect.Effect<DatasetLayout, LayoutError> => {
  const partitionPath = input.partitionPath ?? (input.partition === UNPARTITIONED ? "" : input.partition)
  const ext = input.ext ?? "jsonl"
  const keyProblem = input.partition === "" ? "it is empty" : partitionPathProblem(input.partition)
  const pathProblem = partitionPathProblem(partitionPath)
  // The first rule broken, in this order (checked at once: this runs for every step and input).
  const error =
    nameProblem("project", input.project) ??
    assetProblem(input.asset) ??
    (keyProblem === undefined ? undefined : invalid("partition", input.partition, `the partition key is unsafe: ${keyProblem}`)) ??
    (pathProblem === undefined ? undefined : invalid("partition", partitionPath, `the partition path is unsafe: ${pathProblem}`)) ??
    nameProblem("dataset", input.dataset) ??
    (EXT.test(ext) ? undefined : invalid("ext", ext, "use lower-case letters and digits separated by '.', e.g. jsonl or jsonl.gz"))
  return error === undefined
    ? Effect.succeed({ project: input.project, asset: input.asset, partition: input.partition, partitionPath, dataset: input.dataset, ext })
    : Effect.fail(error)
}

/** The folder of the partition: `<project>/<asset>/<partition path>/`. */
export const partitionPrefix = (layout: DatasetLayout): string =>
  `${layout.project}/${layout.asset}/${layout.partitionPath === "" ? "" : `${layout.partitionPath}/`}`

/** The data object: `<partition folder>/<dataset>.<ext>`. */
export const dataKey = (layout: DatasetLayout): string => `${partitionPrefix(layout)}${layout.dataset}.${layout.ext}`

/** The sidecar beside the data: `<dataset>.meta.yaml`. */
export const sidecarKey = (layout: DatasetLayout): string => `${partitionPrefix(layout)}${layout.dataset}${SIDECAR_SUFFIX}`

/** The quarantine file beside the data: `<dataset>.quarantine.jsonl`. */
export const quarantineKey = (layout: DatasetLayout): string => `${partitionPrefix(layout)}${layout.dataset}${QUARANTINE_SUFFIX}`

/** Folder of storage's bookkeeping of one kind (`index`, `staging`, ...) for an asset: `<project>/_<kind>/<asset, escaped>/`. */
export const internalPrefix = (kind: "index" | "staging" | "history" | "versions" | "claims", project: string, asset: string): string =>
  `${project}/_${kind}/${encodeURIComponent(asset)}/`

/** Folder of storage's bookkeeping of one kind for one partition. */
export const internalPartitionPrefix = (kind: "history" | "versions", layout: DatasetLayout): string =>
  `${internalPrefix(kind, layout.project, layout.asset)}${encodeURIComponent(layout.partition)}/`
