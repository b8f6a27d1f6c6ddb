/**
 * Rule sets are versions of text normalization, declared in configuration:
 *
 * ```yaml
 * v1: [remove_punctuation, remove_special_characters]
 * v2:
 *   - remove_special_characters
 *   - { rule: lemmatize, params: { mode: verbs } }
 * ```
 *
 * A new version is a configuration change, not code. Each version's ordered rules with their
 * parameters (defaults filled) are what {@link RuleSet.describe} returns, for the sidecar's
 * `process` field and MLflow params.
 */
import { Effect, Result } from "effect"
import { findRule, ruleNames } from "./Catalogue.ts"
import type { Annotation, Step } from "./Rule.ts"
import { RuleSetError } from "./RuleSetError.ts"

/** One step of a version as configured: a rule name, or a rule with parameters. */
export type RuleConfig = string | { readonly rule: string; readonly params?: Readonly<Record<string, unknown>> }

/** A configuration of versions: version name to ordered rules. */
export type RuleSetConfig = Readonly<Record<string, ReadonlyArray<RuleConfig>>>

/** A rule of a version with its full parameters, as recorded in the sidecar's `process`. */
export interface RuleStep {
  /** The rule's name in the catalogue. */
  readonly rule: string
  /** Every parameter, defaults filled. */
  readonly params: Readonly<Record<string, unknown>>
}

/** A validated version: its ordered, compiled rules. */
export interface RuleSet {
  /** The version's name (`v1`). */
  readonly version: string
  /** The compiled steps, in order. */
  readonly steps: ReadonlyArray<Step>
  /** The wink annotations the token steps need (empty: tokenization only). */
  readonly annotations: ReadonlySet<Annotation>
  /** The ordered rules with their parameters, for the sidecar's `process` and MLflow params. */
  readonly describe: () => ReadonlyArray<RuleStep>
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Reads one configured step into a rule name and raw parameters. */
const readStep = (entry: unknown, path: string): Result.Result<{ rule: string; params: unknown }, RuleSetError> => {
  if (typeof entry === "string") return Result.succeed({ rule: entry, params: {} })
  if (isRecord(entry) && typeof entry["rule"] === "string") {
    const extra = Object.keys(entry).filter((key) => key !== "rule" && key !== "params")
    if (extra.length === 0) return Result.succeed({ rule: entry["rule"], params: entry["params"] ?? {} })
    return Result.fail(
      new RuleSetError({
        reason: "InvalidConfig",
        path,
        rule: entry["rule"],
        message: `${path}: unexpected key ${extra.map((key) => `"${key}"`).join(", ")}; a step is a rule name or { rule, params }`,
      }),
    )
  }
  return Result.fail(
    new RuleSetError({
      reason: "InvalidConfig",
      path,
      message: `${path}: expected a rule name or { rule, params }, found ${JSON.stringify(entry) ?? typeof entry}`,
    }),
  )
}

/**
 * Validates and compiles one version. Fails with a {@link RuleSetError}: `UnknownRule` (the
 * message lists the known rules), `InvalidParams` or `InvalidConfig`, naming the step.
 *
 * @example
 * const v2 = yield* RuleSet.make("v2", ["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }])
 * normalizer(v2)("this is an example") // "this be an example"
 */
export const make = (version: string, config: unknown): Effect.Effect<RuleSet, RuleSetError> =>
  Effect.gen(function* () {
    if (!Array.isArray(config)) {
      return yield* new RuleSetError({
        reason: "InvalidConfig",
        path: version,
        message: `${version}: expected a list of rules, found ${JSON.stringify(config) ?? typeof config}`,
      })
    }
    const described: Array<RuleStep> = []
    const steps: Array<Step> = []
    const annotations = new Set<Annotation>()
    for (const [index, entry] of config.entries()) {
      const path = `${version}[${index}]`
      const { rule: name, params } = yield* Effect.fromResult(readStep(entry, path))
      const rule = findRule(name)
      if (rule === undefined) {
        return yield* new RuleSetError({
          reason: "UnknownRule",
          path,
          rule: name,
          message: `${path}: unknown rule "${name}"; known rules: ${ruleNames.join(", ")}`,
        })
      }
      const built = rule.build(params)
      if (Result.isFailure(built)) {
        return yield* new RuleSetError({
          reason: "InvalidParams",
          path: `${path}.params`,
          rule: name,
          message: `${path}.params: invalid parameters for "${name}" (defaults: ${JSON.stringify(rule.defaults)}): ${built.failure}`,
        })
      }
      described.push({ rule: name, params: built.success.params })
      steps.push(built.success.step)
      if (built.success.step.kind === "token") for (const annotation of built.success.step.needs) annotations.add(annotation)
    }
    return { version, steps, annotations, describe: () => described.map((step) => ({ rule: step.rule, params: { ...step.params } })) }
  })

/**
 * Validates a configuration of versions (`{ v1: [...], v2: [...] }`, as parsed from YAML or
 * JSON) and compiles each version.
 *
 * @example
 * const versions = yield* RuleSet.fromConfig({ v1: ["remove_punctuation", "remove_special_characters"] })
 * versions["v1"]?.describe() // [{ rule: "remove_punctuation", params: { keepIntraWord: true } }, ...]
 */
export const fromConfig = (config: unknown): Effect.Effect<Readonly<Record<string, RuleSet>>, RuleSetError> =>
  Effect.gen(function* () {
    if (!isRecord(config)) {
      return yield* new RuleSetError({
        reason: "InvalidConfig",
        path: "",
        message: `expected a map of versions to lists of rules ({ v1: ["remove_punctuation"] }), found ${JSON.stringify(config) ?? typeof config}`,
      })
    }
    const versions: Record<string, RuleSet> = {}
    for (const [version, rules] of Object.entries(config)) versions[version] = yield* make(version, rules)
    return versions
  })
