/**
 * The pipeline's own settings (the `settings` part of `strata.config.ts`): first partition,
 * text normalization versions, annotation provider, model and cleaning policy. Every field has
 * a default; {@link fromConfig} validates what the configuration gives and fills the rest, so a
 * wrong value stops the run before anything is planned, with the field and the fix.
 */
import { BROWN_CATEGORIES, type ProviderConfig } from "@strata/annotation"
import { RuleSet, type RuleSetError } from "@strata/text"
import { Data, Effect, Result } from "effect"

/** Normalization versions: name to ordered rules (`"rule"` or `{ rule, params }`). */
export type NormalizationVersions = RuleSet.RuleSetConfig

/** Settings of the text normalization asset. */
export interface NormalizationSettings {
  /** The versions, each a partition of `preprocess/text-normalization` (a new one plans only itself). */
  readonly versions: NormalizationVersions
}

/** Settings of the `annotated` asset. */
export interface AnnotationSettings {
  /** The normalization version the annotator reads (a `staticPin`). */
  readonly normalizationVersion: string
  /** The label set. */
  readonly labels: ReadonlyArray<string>
  /** The labeling provider; absent: the offline weak-supervision labeler (Brown lexicon). */
  readonly provider?: ProviderConfig.ProviderConfig
  /** Budget of one partition's annotation in USD; absent: unlimited. */
  readonly budgetUsd?: number
}

/** Settings of the `model` asset. */
export interface ModelSettings {
  /** Daily `annotated` partitions the model trains on (the last N days up to its own). */
  readonly windowDays: number
  /** Cross-validation folds of the out-of-fold predictions. */
  readonly folds: number
  /** Seed of the fold assignment. */
  readonly seed: number
  /** Classifier on hashed TF-IDF features. */
  readonly classifier: "naive_bayes" | "logistic_regression"
}

/** Settings of the `post-train` asset (the cleaning policy). */
export interface CleaningSettings {
  /** A label issue is rectified to the prediction when the model gives it at least this probability; otherwise removed. */
  readonly rectifyThreshold: number
  /** Whether outliers (kNN on the out-of-fold probability vectors) are removed. */
  readonly removeOutliers: boolean
  /** Datalab's outlier threshold in (0, 1]: lower flags fewer rows. */
  readonly outlierThreshold: number
}

/** All settings of the pipeline. */
export interface Settings {
  /** First daily partition (`YYYY-MM-DD`, UTC). */
  readonly startDate: string
  readonly normalization: NormalizationSettings
  readonly annotation: AnnotationSettings
  readonly model: ModelSettings
  readonly cleaning: CleaningSettings
}

/** The article's two versions: v1 drops punctuation, v2 keeps it and lemmatizes verbs. */
export const DEFAULT_VERSIONS: NormalizationVersions = {
  v1: ["remove_punctuation", "remove_special_characters"],
  v2: ["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }]
}

/** Defaults of every setting. */
export const DEFAULTS: Settings = {
  startDate: "2021-09-01",
  normalization: { versions: DEFAULT_VERSIONS },
  annotation: { normalizationVersion: "v2", labels: BROWN_CATEGORIES },
  model: { windowDays: 7, folds: 5, seed: 0, classifier: "naive_bayes" },
  cleaning: { rectifyThreshold: 0.9, removeOutliers: true, outlierThreshold: 0.37037 }
}

/** Settings that cannot be used: `field` names the setting, the message says what to write. */
export class SettingsError extends Data.TaggedError("SettingsError")<{
  readonly reason: "Invalid"
  readonly field: string
  readonly message: string
}> {}

const DATE = /^\d{4}-\d{2}-\d{2}$/

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === "object" && value !== null && !Array.isArray(value)

const invalid = (field: string, message: string): SettingsError =>
  new SettingsError({ reason: "Invalid", field, message: `settings.${field}: ${message}` })

/** The object at `field`, or `{}` when absent; throws when it is something else. */
const section = (input: Readonly<Record<string, unknown>>, field: string): Readonly<Record<string, unknown>> => {
  const value = input[field]
  if (value === undefined) return {}
  if (!isRecord(value)) throw invalid(field, `expected an object, got ${JSON.stringify(value)}`)
  return value
}

const numberIn = (value: unknown, fallback: number, field: string, check: (n: number) => boolean, expected: string): number => {
  if (value === undefined) return fallback
  if (typeof value !== "number" || !check(value)) throw invalid(field, `expected ${expected}, got ${JSON.stringify(value)}`)
  return value
}

const versionsOf = (value: unknown): NormalizationVersions => {
  if (value === undefined) return DEFAULT_VERSIONS
  const compiled = Effect.runSync(Effect.result(RuleSet.fromConfig(value)))
  if (Result.isFailure(compiled)) {
    const error: RuleSetError = compiled.failure
    throw invalid("normalization.versions", error.message)
  }
  if (Object.keys(compiled.success).length === 0) throw invalid("normalization.versions", "declare at least one version, e.g. { v1: [\"remove_punctuation\"] }")
  return value as NormalizationVersions
}

const build = (input: Readonly<Record<string, unknown>>): Settings => {
  const startDate = input["startDate"] ?? DEFAULTS.startDate
  if (typeof startDate !== "string" || !DATE.test(startDate) || Number.isNaN(Date.parse(startDate))) {
    throw invalid("startDate", `expected a date such as "2021-09-01", got ${JSON.stringify(startDate)}`)
  }
  const versions = versionsOf(section(input, "normalization")["versions"])
  const annotation = section(input, "annotation")
  const normalizationVersion = annotation["normalizationVersion"] ?? DEFAULTS.annotation.normalizationVersion
  if (typeof normalizationVersion !== "string" || !(normalizationVersion in versions)) {
    throw invalid(
      "annotation.normalizationVersion",
      `${JSON.stringify(normalizationVersion)} is not one of the normalization versions (${Object.keys(versions).join(", ")}); name one of them`
    )
  }
  const labels = annotation["labels"] ?? DEFAULTS.annotation.labels
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((label) => typeof label === "string" && label !== "")) {
    throw invalid("annotation.labels", "expected at least two non-empty label names")
  }
  const provider = annotation["provider"]
  if (provider !== undefined && (!isRecord(provider) || !["http-json", "openai", "weak-supervision"].includes(String(provider["kind"])))) {
    throw invalid("annotation.provider", `expected { kind: "http-json" | "openai" | "weak-supervision", ... }, got ${JSON.stringify(provider)}`)
  }
  const budgetUsd = annotation["budgetUsd"] === undefined
    ? undefined
    : numberIn(annotation["budgetUsd"], 0, "annotation.budgetUsd", (n) => n >= 0 && Number.isFinite(n), "a non-negative number of dollars")
  const model = section(input, "model")
  const classifier = model["classifier"] ?? DEFAULTS.model.classifier
  if (classifier !== "naive_bayes" && classifier !== "logistic_regression") {
    throw invalid("model.classifier", `expected "naive_bayes" or "logistic_regression", got ${JSON.stringify(classifier)}`)
  }
  const cleaning = section(input, "cleaning")
  const removeOutliers = cleaning["removeOutliers"] ?? DEFAULTS.cleaning.removeOutliers
  if (typeof removeOutliers !== "boolean") throw invalid("cleaning.removeOutliers", `expected true or false, got ${JSON.stringify(removeOutliers)}`)
  return {
    startDate,
    normalization: { versions },
    annotation: {
      normalizationVersion,
      labels: labels as ReadonlyArray<string>,
      ...(provider === undefined ? {} : { provider: provider as unknown as ProviderConfig.ProviderConfig }),
      ...(budgetUsd === undefined ? {} : { budgetUsd })
    },
    model: {
      windowDays: numberIn(model["windowDays"], DEFAULTS.model.windowDays, "model.windowDays", (n) => Number.isInteger(n) && n >= 1, "a whole number of days >= 1"),
      folds: numberIn(model["folds"], DEFAULTS.model.folds, "model.folds", (n) => Number.isInteger(n) && n >= 2, "a whole number >= 2"),
      seed: numberIn(model["seed"], DEFAULTS.model.seed, "model.seed", Number.isInteger, "a whole number"),
      classifier
    },
    cleaning: {
      rectifyThreshold: numberIn(cleaning["rectifyThreshold"], DEFAULTS.cleaning.rectifyThreshold, "cleaning.rectifyThreshold", (n) => n >= 0 && n <= 1, "a probability in [0, 1]"),
      removeOutliers,
      outlierThreshold: numberIn(cleaning["outlierThreshold"], DEFAULTS.cleaning.outlierThreshold, "cleaning.outlierThreshold", (n) => n > 0 && n <= 1, "a number in (0, 1]")
    }
  }
}

/**
 * Validates the configuration's `settings` and fills defaults; throws a {@link SettingsError}
 * naming the field when one is wrong (the runner reports it and exits with code 2).
 *
 * @example
 * const settings = Settings.fromConfig({ normalization: { versions: { v1: ["lower_case"], v2: ["lemmatize"] } } })
 */
export const fromConfig = (input: unknown): Settings => {
  if (input === undefined) return build({})
  if (!isRecord(input)) throw invalid("", `expected an object, got ${JSON.stringify(input)}`)
  return build(input)
}
