/**
 * MLflow's limits on what one run may hold and one request may carry, checked by the client
 * before anything is sent: the server would silently truncate some values, so an over-limit
 * value is refused with a `LimitExceeded` error naming the key, never cut.
 *
 * Batches are split here, as pure functions, so the split can be tested without a server.
 */
import { posix } from "node:path"
import type { Metric, Param, RunTag, Dataset } from "./Entities.ts"
import { MlflowError } from "./MlflowError.ts"

/** Most metrics in one `runs/log-batch` request. */
export const MAX_METRICS_PER_BATCH = 1000
/** Most params in one `runs/log-batch` request. */
export const MAX_PARAMS_PER_BATCH = 100
/** Most tags in one `runs/log-batch` request. */
export const MAX_TAGS_PER_BATCH = 100
/** Most metrics, params and tags together in one `runs/log-batch` request. */
export const MAX_ENTITIES_PER_BATCH = 1000
/** Most bytes in one `runs/log-batch` body (the server refuses 1 MB; a margin is kept for the envelope). */
export const MAX_BATCH_BYTES = 900_000
/** Longest param, metric or tag key. */
export const MAX_KEY_LENGTH = 250
/** Longest param value. */
export const MAX_PARAM_VALUE_LENGTH = 6000
/** Longest tag value. */
export const MAX_TAG_VALUE_LENGTH = 8000
/** Longest dataset name. */
export const MAX_DATASET_NAME_LENGTH = 500
/** Longest dataset digest. */
export const MAX_DATASET_DIGEST_LENGTH = 36
/** Longest dataset source. */
export const MAX_DATASET_SOURCE_LENGTH = 65535
/** Longest dataset schema. */
export const MAX_DATASET_SCHEMA_LENGTH = 1_048_575
/** Longest dataset profile. */
export const MAX_DATASET_PROFILE_LENGTH = 16_777_215
/** Most dataset inputs in one `runs/log-inputs` request. */
export const MAX_DATASETS_PER_REQUEST = 1000

/** Characters MLflow accepts in keys: letters, digits, `_`, `-`, `.`, space, `/` and `:`. */
const KEY_PATTERN = /^[\p{L}\p{N}\p{M}_\-. /:]+$/u

/** Characters outside {@link KEY_PATTERN}'s alphabet. */
const NOT_KEY_CHARACTER = /[^\p{L}\p{N}\p{M}_\-. /:]/gu

/** Makes a name usable as part of a key: characters MLflow refuses become `_` (`a@b` -> `a_b`). */
export const keyPart = (name: string): string => name.replace(NOT_KEY_CHARACTER, "_")

/** What kind of entity a key names, for messages. */
export type KeyKind = "param" | "metric" | "tag"

/** The endpoint named in client-side refusals. */
const CLIENT_CHECK = "client-side limits"

const refuse = (key: string, message: string): MlflowError =>
  new MlflowError({ reason: "LimitExceeded", endpoint: CLIENT_CHECK, key: key.slice(0, MAX_KEY_LENGTH), message })

/** Python's `posixpath.normpath` for the cases that matter to key checks (trailing `/` dropped). */
const normalizedPath = (name: string): string => {
  const normalized = posix.normalize(name)
  return normalized.length > 1 ? normalized.replace(/\/+$/, "") : normalized
}

/** Checks a key against MLflow's pattern, path rules and length; the error says how to fix it. */
export const checkKey = (kind: KeyKind, key: string): MlflowError | undefined => {
  if (key.length === 0) return refuse(key, `An empty ${kind} key was given; give every ${kind} a name.`)
  if (key.length > MAX_KEY_LENGTH)
    return refuse(key, `The ${kind} key '${key.slice(0, 60)}...' has ${key.length} characters; MLflow allows ${MAX_KEY_LENGTH}. Shorten it.`)
  if (!KEY_PATTERN.test(key))
    return refuse(
      key,
      `The ${kind} key '${key}' has characters MLflow refuses; use letters, digits, '_', '-', '.', ' ', '/' and ':' only.`
    )
  const normalized = normalizedPath(key)
  if (normalized !== key || normalized === "." || normalized.startsWith("..") || normalized.startsWith("/"))
    return refuse(key, `The ${kind} key '${key}' reads as the path '${normalized}'; remove leading '/', '..', './' and doubled or trailing '/'.`)
  return undefined
}

/** Checks a param's or tag's key, and that its value has at most `max` characters. */
const checkKeyAndValue = (kind: "param" | "tag", key: string, value: string, max: number): MlflowError | undefined =>
  checkKey(kind, key) ??
  (value.length > max
    ? refuse(key, `The value of ${kind} '${key}' has ${value.length} characters; MLflow allows ${max}. Log it as an artifact instead, or shorten it.`)
    : undefined)

/** Checks a param's key and value length (at most {@link MAX_PARAM_VALUE_LENGTH} characters). */
export const checkParam = (param: Param): MlflowError | undefined => checkKeyAndValue("param", param.key, param.value, MAX_PARAM_VALUE_LENGTH)

/** Checks a tag's key and value length (at most {@link MAX_TAG_VALUE_LENGTH} characters). */
export const checkTag = (tag: RunTag): MlflowError | undefined => checkKeyAndValue("tag", tag.key, tag.value, MAX_TAG_VALUE_LENGTH)

/** Checks a metric's key, that its value is finite and its timestamp and step are integers. */
export const checkMetric = (metric: Metric): MlflowError | undefined =>
  checkKey("metric", metric.key) ??
  (!Number.isFinite(metric.value)
    ? refuse(metric.key, `The value of metric '${metric.key}' is ${metric.value}; MLflow metrics must be finite numbers.`)
    : !Number.isSafeInteger(metric.timestamp) || metric.timestamp < 0 || !Number.isSafeInteger(metric.step)
      ? refuse(metric.key, `Metric '${metric.key}' needs a non-negative integer timestamp (ms) and an integer step.`)
      : undefined)

const over = (name: string, field: string, length: number, limit: number): MlflowError =>
  refuse(name, `The ${field} of dataset '${name.slice(0, 80)}' has ${length} characters; MLflow allows ${limit}.`)

/** Checks a dataset's name, digest (at most {@link MAX_DATASET_DIGEST_LENGTH}), source, schema and profile sizes. */
export const checkDataset = (dataset: Dataset): MlflowError | undefined => {
  if (dataset.name.length === 0) return refuse(dataset.name, "A dataset input has an empty name; name it after its asset and partition.")
  if (dataset.name.length > MAX_DATASET_NAME_LENGTH) return over(dataset.name, "name", dataset.name.length, MAX_DATASET_NAME_LENGTH)
  if (dataset.digest.length === 0 || dataset.digest.length > MAX_DATASET_DIGEST_LENGTH)
    return refuse(
      dataset.name,
      `The digest of dataset '${dataset.name}' has ${dataset.digest.length} characters; MLflow needs 1 to ${MAX_DATASET_DIGEST_LENGTH} (cut a SHA-1 to its first ${MAX_DATASET_DIGEST_LENGTH}).`
    )
  if (dataset.source.length > MAX_DATASET_SOURCE_LENGTH) return over(dataset.name, "source", dataset.source.length, MAX_DATASET_SOURCE_LENGTH)
  if (dataset.schema !== undefined && dataset.schema.length > MAX_DATASET_SCHEMA_LENGTH)
    return over(dataset.name, "schema", dataset.schema.length, MAX_DATASET_SCHEMA_LENGTH)
  if (dataset.profile !== undefined && dataset.profile.length > MAX_DATASET_PROFILE_LENGTH)
    return over(dataset.name, "profile", dataset.profile.length, MAX_DATASET_PROFILE_LENGTH)
  return undefined
}

/** What one `runs/log-batch` request carries. */
export interface Batch {
  /** Metrics of this request. */
  readonly metrics: ReadonlyArray<Metric>
  /** Params of this request. */
  readonly params: ReadonlyArray<Param>
  /** Tags of this request. */
  readonly tags: ReadonlyArray<RunTag>
}

/** Checks every entity and refuses duplicate param keys (MLflow refuses them within a batch). */
export const checkBatch = (batch: Batch): MlflowError | undefined => {
  const seen = new Set<string>()
  for (const param of batch.params) {
    if (seen.has(param.key))
      return new MlflowError({
        reason: "InvalidParameter",
        endpoint: CLIENT_CHECK,
        key: param.key,
        message: `Param '${param.key}' is given twice; give each param key one value.`
      })
    seen.add(param.key)
  }
  for (const param of batch.params) {
    const error = checkParam(param)
    if (error !== undefined) return error
  }
  for (const tag of batch.tags) {
    const error = checkTag(tag)
    if (error !== undefined) return error
  }
  for (const metric of batch.metrics) {
    const error = checkMetric(metric)
    if (error !== undefined) return error
  }
  return undefined
}

const byteLength = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), "utf8")

/**
 * Splits a batch into requests that each fit MLflow's limits: at most 100 params, 100 tags and
 * 1,000 metrics, 1,000 entities and {@link MAX_BATCH_BYTES} bytes. Order is kept; params come
 * first so a run's params land before its metrics. An empty batch yields no request.
 */
export const splitBatch = (batch: Batch): ReadonlyArray<Batch> => {
  const out: Array<{ metrics: Array<Metric>; params: Array<Param>; tags: Array<RunTag>; bytes: number }> = []
  const fresh = () => ({ metrics: [] as Array<Metric>, params: [] as Array<Param>, tags: [] as Array<RunTag>, bytes: 0 })
  let current = fresh()
  const place = <K extends "metrics" | "params" | "tags">(kind: K, item: Batch[K][number], limit: number) => {
    const size = byteLength(item)
    const count = current.metrics.length + current.params.length + current.tags.length
    if (current[kind].length >= limit || count >= MAX_ENTITIES_PER_BATCH || (count > 0 && current.bytes + size > MAX_BATCH_BYTES)) {
      out.push(current)
      current = fresh()
    }
    ;(current[kind] as Array<Batch[K][number]>).push(item)
    current.bytes += size
  }
  for (const param of batch.params) place("params", param, MAX_PARAMS_PER_BATCH)
  for (const tag of batch.tags) place("tags", tag, MAX_TAGS_PER_BATCH)
  for (const metric of batch.metrics) place("metrics", metric, MAX_METRICS_PER_BATCH)
  if (current.metrics.length + current.params.length + current.tags.length > 0) out.push(current)
  return out.map(({ metrics, params, tags }) => ({ metrics, params, tags }))
}
