/**
 * The project's configuration: one `strata.config.ts` (or `.yaml`) per project, overridden by
 * environment variables. Secrets never live here: credentials come from the environment or
 * AWS profiles only.
 */
import { AssetGraph } from "@strata/core"
import { Data } from "effect"
import { DEFAULT_HEAP_COLLECTION_MB } from "./HeapCollector.ts"

/** S3 connection settings (credentials are not settings: they come from the environment). */
export interface S3Settings {
  /** Endpoint of an S3-compatible server, e.g. `http://127.0.0.1:9000`; AWS when absent. */
  readonly endpoint?: string
  /** Region; `us-east-1` when absent. */
  readonly region?: string
  /** Path-style addressing, which MinIO and moto need. */
  readonly forcePathStyle?: boolean
  /** `WHEN_REQUIRED` for servers that reject the SDK's default checksums. */
  readonly checksumMode?: "WHEN_SUPPORTED" | "WHEN_REQUIRED"
}

/** A role: which layers it reads and writes, and the AWS profile whose credentials it uses. */
export interface RoleSettings {
  readonly reads: ReadonlyArray<string>
  readonly writes: ReadonlyArray<string>
  /** AWS profile name; the default credential chain when absent. */
  readonly profile?: string
}

/** Everything `strata` reads from the configuration file. */
export interface StrataConfig {
  /** Project name: the first folder under the storage root and the MLflow experiment. */
  readonly project: string
  /** Storage root URI: `file://./data` (default) or `s3://bucket[/prefix]`. */
  readonly storage: { readonly root: string; readonly s3?: S3Settings }
  /** Roles by name (e.g. crawler, processing, annotator, training) for `strata policy`. */
  readonly roles?: Readonly<Record<string, RoleSettings>>
  /** Name written to sidecars and MLflow as the workflow. */
  readonly workflow: string
  /** Asset-partitions materialized at once. */
  readonly concurrency: number
  /** MLflow tracking URI; lineage stays in sidecars when absent. */
  readonly mlflow?: { readonly trackingUri: string }
  /** Settings of the project's own assets (normalization versions, annotation provider, ...). */
  readonly settings: Readonly<Record<string, unknown>>
  /**
   * Claim each partition before materializing it (conditional writes with a lease), so that
   * runners working on the same storage at once never build a partition twice. On by default;
   * `STRATA_CLAIMS=false` turns it off for a single runner that wants the last millisecond.
   */
  readonly claims: boolean
  /**
   * Growth of the JavaScript heap's old generation, in MB, after which a full garbage collection
   * runs between steps (see `HeapCollector`): the resident set then follows the live data instead of V8's
   * lazy growth. 0 leaves collection to V8. Default 64; `STRATA_HEAP_COLLECTION_MB` overrides.
   */
  readonly heapCollectionMb: number
}

/** Default storage root: a `data` folder beside the configuration file. */
export const DEFAULT_STORAGE_ROOT = "file://./data"
/** Default concurrency: enough to overlap I/O on a laptop without thrashing. */
export const DEFAULT_CONCURRENCY = 4

/** A configuration that cannot be used, with the field and the fix. */
export class ConfigError extends Data.TaggedError("ConfigError")<{
  readonly reason: "NotFound" | "Invalid"
  readonly file: string
  readonly message: string
}> {}

/** The partial shape a configuration file exports; `defineConfig` fills the defaults. */
export type StrataConfigInput = Partial<Omit<StrataConfig, "project" | "storage">> & {
  readonly project: string
  readonly storage?: { readonly root?: string; readonly s3?: S3Settings }
}

/** Typed helper for `strata.config.ts`: `export default defineConfig({ project: "x" })`. */
export const defineConfig = (input: StrataConfigInput): StrataConfigInput => input

const PROJECT_NAME = /^[a-z0-9][a-z0-9._-]*$/

/**
 * The keys each section of a configuration may hold (`roles.*` is every role). Any other key is
 * a mistake, most often a typo that would otherwise be ignored without a word.
 */
const SECTION_KEYS: ReadonlyArray<readonly [section: string, keys: ReadonlyArray<string>]> = [
  ["", ["project", "storage", "roles", "workflow", "concurrency", "mlflow", "settings", "claims", "heapCollectionMb", "definitions"]],
  ["storage", ["root", "s3"]],
  ["storage.s3", ["endpoint", "region", "forcePathStyle", "checksumMode"]],
  ["mlflow", ["trackingUri"]],
  ["roles.*", ["reads", "writes", "profile"]]
]

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === "object" && value !== null && !Array.isArray(value)

/** The objects of a section in a configuration, with their paths (`roles.*` names each role). */
const sectionObjects = (raw: Readonly<Record<string, unknown>>, section: string): ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>]> => {
  if (section === "") return [["", raw]]
  const [head = "", ...rest] = section.split(".")
  const value = raw[head]
  if (!isRecord(value)) return []
  if (rest.length === 0) return [[head, value]]
  if (rest[0] === "*") return Object.entries(value).flatMap(([name, item]) => (isRecord(item) ? [[`${head}.${name}`, item] as const] : []))
  return sectionObjects(value, rest.join(".")).map(([path, item]) => [`${head}.${path}`, item] as const)
}

/** Why a configuration holds a key it may not (naming it, the closest known key and the known ones), or `undefined`. */
const unknownKeyProblem = (raw: Readonly<Record<string, unknown>>): string | undefined => {
  for (const [section, keys] of SECTION_KEYS) {
    for (const [path, object] of sectionObjects(raw, section)) {
      const unknown = Object.keys(object).find((key) => !keys.includes(key))
      if (unknown === undefined) continue
      const close = AssetGraph.suggest(unknown, keys)
      const name = path === "" ? unknown : `${path}.${unknown}`
      return `unknown setting "${name}"${close.length > 0 ? `; did you mean "${close[0]}"?` : ""} (${path === "" ? "the settings are" : `"${path}" holds`} ${keys.join(", ")})`
    }
  }
  return undefined
}

/**
 * Validates a configuration and applies the environment's overrides:
 * `STRATA_PROJECT`, `STRATA_STORAGE_ROOT`, `STRATA_S3_ENDPOINT`, `STRATA_S3_REGION`,
 * `STRATA_S3_FORCE_PATH_STYLE`, `STRATA_S3_CHECKSUM_MODE`, `STRATA_CONCURRENCY`,
 * `STRATA_WORKFLOW`, `STRATA_CLAIMS`, `STRATA_HEAP_COLLECTION_MB`, `MLFLOW_TRACKING_URI`.
 */
export const resolveConfig = (
  input: unknown,
  file: string,
  env: Readonly<Record<string, string | undefined>>
): StrataConfig => {
  const invalid = (message: string) => new ConfigError({ reason: "Invalid", file, message: `${file}: ${message}` })
  if (typeof input !== "object" || input === null) throw invalid("the configuration must be an object (export default defineConfig({...}))")
  const raw = input as Partial<StrataConfigInput>
  const unknownKey = unknownKeyProblem(input as Readonly<Record<string, unknown>>)
  if (unknownKey !== undefined) throw invalid(unknownKey)
  /** Names a setting as the user wrote it: the environment variable when it came from there. */
  const source = (variable: string, field: string) => (env[variable] !== undefined ? variable : `"${field}"`)
  const project = env["STRATA_PROJECT"] ?? raw.project
  if (typeof project !== "string" || !PROJECT_NAME.test(project)) {
    throw invalid(`${source("STRATA_PROJECT", "project")} must be a lower-case name such as "html-classification"; got ${JSON.stringify(project)}`)
  }
  const concurrencyText = env["STRATA_CONCURRENCY"]
  const concurrency = concurrencyText !== undefined ? Number(concurrencyText) : raw.concurrency ?? DEFAULT_CONCURRENCY
  if (!Number.isInteger(concurrency) || concurrency < 1) throw invalid(`${source("STRATA_CONCURRENCY", "concurrency")} must be a whole number of at least 1; got ${JSON.stringify(concurrencyText ?? raw.concurrency)}`)
  const heapText = env["STRATA_HEAP_COLLECTION_MB"]
  const heapCollectionMb = heapText !== undefined ? Number(heapText) : raw.heapCollectionMb ?? DEFAULT_HEAP_COLLECTION_MB
  if (!Number.isFinite(heapCollectionMb) || heapCollectionMb < 0) {
    throw invalid(`${source("STRATA_HEAP_COLLECTION_MB", "heapCollectionMb")} must be a number of MB, 0 or more (0 leaves garbage collection to V8); got ${JSON.stringify(heapText ?? raw.heapCollectionMb)}`)
  }
  const s3Input = raw.storage?.s3 ?? {}
  const forcePathStyle = env["STRATA_S3_FORCE_PATH_STYLE"]
  const checksumMode = env["STRATA_S3_CHECKSUM_MODE"] ?? s3Input.checksumMode
  if (checksumMode !== undefined && checksumMode !== "WHEN_SUPPORTED" && checksumMode !== "WHEN_REQUIRED") {
    throw invalid(`${source("STRATA_S3_CHECKSUM_MODE", "storage.s3.checksumMode")} must be WHEN_SUPPORTED or WHEN_REQUIRED; got ${JSON.stringify(checksumMode)}`)
  }
  const s3: S3Settings = {
    ...s3Input,
    ...(env["STRATA_S3_ENDPOINT"] !== undefined ? { endpoint: env["STRATA_S3_ENDPOINT"] } : {}),
    ...(env["STRATA_S3_REGION"] !== undefined ? { region: env["STRATA_S3_REGION"] } : {}),
    ...(forcePathStyle !== undefined ? { forcePathStyle: forcePathStyle === "true" || forcePathStyle === "1" } : {}),
    ...(checksumMode !== undefined ? { checksumMode } : {})
  }
  const root = env["STRATA_STORAGE_ROOT"] ?? raw.storage?.root ?? DEFAULT_STORAGE_ROOT
  if (!root.startsWith("file://") && !root.startsWith("s3://")) {
    throw invalid(`${source("STRATA_STORAGE_ROOT", "storage.root")} must start with file:// or s3://; got ${JSON.stringify(root)}`)
  }
  if (root === "file://" || root === "s3://" || root.startsWith("s3:///")) {
    throw invalid(`${source("STRATA_STORAGE_ROOT", "storage.root")} names no ${root.startsWith("s3:") ? "bucket" : "folder"}; got ${JSON.stringify(root)}: write file://./data or s3://bucket/prefix`)
  }
  const trackingUri = env["MLFLOW_TRACKING_URI"] ?? raw.mlflow?.trackingUri
  return {
    project,
    storage: { root, s3 },
    ...(raw.roles !== undefined ? { roles: raw.roles } : {}),
    workflow: env["STRATA_WORKFLOW"] ?? raw.workflow ?? project,
    concurrency,
    ...(trackingUri !== undefined && trackingUri !== "" ? { mlflow: { trackingUri } } : {}),
    settings: raw.settings ?? {},
    claims: env["STRATA_CLAIMS"] !== undefined ? env["STRATA_CLAIMS"] !== "false" && env["STRATA_CLAIMS"] !== "0" : raw.claims ?? true,
    heapCollectionMb
  }
}
