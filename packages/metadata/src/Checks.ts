/**
 * Incremental evaluation of an asset's data-quality checks, in the spirit of Great
 * Expectations: every row is offered once while it is written (`add`), and `finish` returns one
 * result per check in the sidecar's form. A failed check of severity `error` blocks the commit.
 *
 * @example
 * ```ts
 * const checks = yield* Checks.make(spec.checks, { schemaColumns: ["url", "title"] })
 * for (const row of rows) checks.add(row)
 * const results = checks.finish(now)
 * if (Checks.blocksCommit(results)) // keep the previous version, report the failures
 * ```
 */
import { hash } from "node:crypto"
import { Data, Effect } from "effect"
import { CHECK_KINDS, type CheckSpec } from "./CheckSpec.ts"
import { codePointLength } from "./Profiler.ts"
import { cutString } from "./Sample.ts"
import type { CheckResult } from "./Sidecar.ts"

/** Row numbers of the first failing rows quoted in `observed`. */
export const FAILING_ROWS_SHOWN = 5

/** Values quoted in `observed` are cut to this many code points. */
export const QUOTED_VALUE_CODE_POINTS = 40

/** `unique` keeps strings up to this length as they are, longer ones as their SHA-1 (bounded memory). */
export const UNIQUE_VERBATIM_MAX_LENGTH = 64

/** A check that cannot be evaluated as declared (a definition error: fix the asset's spec). */
export class CheckError extends Data.TaggedError("CheckError")<{
  readonly reason: "InvalidSpec"
  /** Name of the offending check. */
  readonly check: string
  readonly message: string
}> {}

/** Options of {@link make}. */
export interface ChecksOptions {
  /**
   * Column names of the row schema: a check of a column not among them is invalid, and
   * `columns_equal_schema` without explicit `params.columns` expects them. Absent or empty
   * (a schema without named columns), any column may be checked.
   */
  readonly schemaColumns?: ReadonlyArray<string>
}

/** An incremental evaluator of a list of checks. */
export interface CheckEvaluator {
  /** Offers the next row to every check. */
  readonly add: (row: Readonly<Record<string, unknown>>) => void
  /** One result per declared check, in declaration order; `now` is the reference time of `freshness`. */
  readonly finish: (now: Date) => ReadonlyArray<CheckResult>
}

/** What one check reports at the end. */
interface Outcome {
  readonly passed: boolean
  readonly observed: string
  readonly failures: number
}

/** The running state of one check. */
interface Evaluator {
  readonly add: (row: Readonly<Record<string, unknown>>, rowNumber: number) => void
  readonly finish: (rows: number, now: Date) => Outcome
}

/** Counts failing rows and remembers the first few row numbers. */
class FailingRows {
  count = 0
  readonly first: Array<number> = []
  add(rowNumber: number): void {
    this.count++
    if (this.first.length < FAILING_ROWS_SHOWN) this.first.push(rowNumber)
  }
  /** `ok` when no row failed, else `3 <plural> (first at rows 4, 9, 12)` (`<one>` for a single row). */
  outcome(ok: string, one: string, plural: string): Outcome {
    const observed =
      this.count === 0
        ? ok
        : `${this.count} ${this.count === 1 ? one : plural} (first at row${this.first.length > 1 ? "s" : ""} ${this.first.join(", ")})`
    return { passed: this.count === 0, observed, failures: this.count }
  }
}

/** Quotes a value for `observed`, cut short. */
const quote = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(cutString(value, QUOTED_VALUE_CODE_POINTS)) : String(JSON.stringify(value))

/** `min..max`, with an open end shown as `*`. */
const describeBounds = (min: number | undefined, max: number | undefined): string => `${min ?? "*"}..${max ?? "*"}`

/** Reads the inclusive `min` / `max` of a between check. */
const bounds = (check: CheckSpec): { readonly min: number | undefined; readonly max: number | undefined } | string => {
  const min = check.params["min"]
  const max = check.params["max"]
  if (min !== undefined && typeof min !== "number") return "params.min must be a number"
  if (max !== undefined && typeof max !== "number") return "params.max must be a number"
  if (min === undefined && max === undefined) return "give params.min, params.max or both"
  if (min !== undefined && max !== undefined && min > max) return `params.min (${min}) is greater than params.max (${max})`
  return { min, max }
}

/** The value of a row's column, for column checks. */
const columnOf = (check: CheckSpec): string | undefined =>
  check.column ?? (typeof check.params["column"] === "string" ? check.params["column"] : undefined)

/** A timestamp in milliseconds from a Date, an ISO string, or epoch milliseconds. */
const toMillis = (value: unknown): number | undefined => {
  if (value instanceof Date) return value.getTime()
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined
  if (typeof value === "string") {
    const parsed = Date.parse(value)
    return Number.isNaN(parsed) ? undefined : parsed
  }
  return undefined
}

/** The key under which `unique` remembers a value (long texts by digest: one-shot, no hash object per value). */
const uniqueKey = (value: unknown): string => {
  if (typeof value === "string") {
    return value.length <= UNIQUE_VERBATIM_MAX_LENGTH ? `s:${value}` : `h:${hash("sha1", value, "hex")}`
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `${typeof value}:${value}`
  return `h:${hash("sha1", JSON.stringify(value) ?? "", "hex")}`
}

/** Builds the evaluator of one check, or says why its spec is invalid. */
const evaluatorOf = (check: CheckSpec, options: ChecksOptions): Evaluator | string => {
  const column = columnOf(check)
  const known = options.schemaColumns !== undefined && options.schemaColumns.length > 0 ? options.schemaColumns : undefined
  const needsColumn = (build: (column: string) => Evaluator | string): Evaluator | string =>
    column === undefined
      ? `a ${check.kind} check needs a column`
      : known !== undefined && !known.includes(column)
      ? `column ${column} is not in the asset's schema (its columns: ${known.join(", ")})`
      : build(column)
  switch (check.kind) {
    case "not_null":
      return needsColumn((name) => {
        const failing = new FailingRows()
        return {
          add: (row, n) => {
            if (row[name] === null || row[name] === undefined) failing.add(n)
          },
          finish: () => failing.outcome(`no null in ${name}`, `null in ${name}`, `nulls in ${name}`)
        }
      })
    case "unique":
      return needsColumn((name) => {
        const seen = new Set<string>()
        const failing = new FailingRows()
        let example: unknown
        return {
          add: (row, n) => {
            const value = row[name]
            if (value === null || value === undefined) return
            const key = uniqueKey(value)
            if (seen.has(key)) {
              if (failing.count === 0) example = value
              failing.add(n)
            } else seen.add(key)
          },
          finish: () => {
            const outcome = failing.outcome(`every ${name} is unique`, `duplicate ${name}`, `duplicates of ${name}`)
            return failing.count === 0 ? outcome : { ...outcome, observed: `${outcome.observed}, e.g. ${quote(example)}` }
          }
        }
      })
    case "pattern":
      return needsColumn((name) => {
        const source = check.params["source"] ?? check.params["pattern"]
        const flags = typeof check.params["flags"] === "string" ? check.params["flags"] : undefined
        let pattern: RegExp
        try {
          if (source instanceof RegExp) pattern = new RegExp(source.source, source.flags.replace(/[gy]/g, ""))
          else if (typeof source === "string") pattern = new RegExp(source, (flags ?? "").replace(/[gy]/g, ""))
          else return "params.source must be a regular expression or its source text"
        } catch (error) {
          return `params.source is not a valid regular expression: ${(error as Error).message}`
        }
        const failing = new FailingRows()
        return {
          add: (row, n) => {
            const value = row[name]
            if (value === null || value === undefined) return
            if (typeof value !== "string" || !pattern.test(value)) failing.add(n)
          },
          finish: () => failing.outcome(
              `every ${name} matches ${String(pattern)}`,
              `${name} not matching ${String(pattern)}`,
              `values of ${name} not matching ${String(pattern)}`
            )
        }
      })
    case "in_set":
      return needsColumn((name) => {
        const values = check.params["values"]
        if (!Array.isArray(values)) return "params.values must be an array of allowed values"
        const allowed = new Set<unknown>(values)
        const failing = new FailingRows()
        const outside = new Set<string>()
        return {
          add: (row, n) => {
            const value = row[name]
            if (value === null || value === undefined || allowed.has(value)) return
            failing.add(n)
            if (outside.size < FAILING_ROWS_SHOWN) outside.add(quote(value))
          },
          finish: () => {
            const outcome = failing.outcome(`every ${name} is in the set`, `${name} outside the set`, `values of ${name} outside the set`)
            return failing.count === 0 ? outcome : { ...outcome, observed: `${outcome.observed}: ${[...outside].join(", ")}` }
          }
        }
      })
    case "row_count_between": {
      const range = bounds(check)
      if (typeof range === "string") return range
      return {
        add: () => undefined,
        finish: (rows) => {
          const passed = (range.min === undefined || rows >= range.min) && (range.max === undefined || rows <= range.max)
          return { passed, observed: `${rows} rows (expected ${describeBounds(range.min, range.max)})`, failures: passed ? 0 : 1 }
        }
      }
    }
    case "value_between":
    case "length_between": {
      const range = bounds(check)
      if (typeof range === "string") return range
      const byLength = check.kind === "length_between"
      return needsColumn((name) => {
        const failing = new FailingRows()
        let low = Infinity
        let high = -Infinity
        return {
          add: (row, n) => {
            const value = row[name]
            if (value === null || value === undefined) return
            const measured = byLength
              ? typeof value === "string"
                ? codePointLength(value)
                : Array.isArray(value)
                  ? value.length
                  : NaN
              : typeof value === "number"
                ? value
                : NaN
            if (measured < low) low = measured
            if (measured > high) high = measured
            const inside =
              !Number.isNaN(measured) &&
              (range.min === undefined || measured >= range.min) &&
              (range.max === undefined || measured <= range.max)
            if (!inside) failing.add(n)
          },
          finish: () => {
            const what = byLength ? `length of ${name}` : `value of ${name}`
            const seen = low === Infinity ? "none measured" : `observed ${low}..${high}`
            const outcome = failing.outcome(
              `every ${what} within ${describeBounds(range.min, range.max)}`,
              `${what} outside ${describeBounds(range.min, range.max)}`,
              `${what}s outside ${describeBounds(range.min, range.max)}`
            )
            return { ...outcome, observed: `${outcome.observed}; ${seen}` }
          }
        }
      })
    }
    case "columns_equal_schema": {
      const declared = check.params["columns"]
      const expected = Array.isArray(declared) ? declared.map(String) : options.schemaColumns
      if (expected === undefined) return "give params.columns or the schema's columns (ChecksOptions.schemaColumns)"
      const expectedSet = new Set(expected)
      const missing = new Set<string>()
      const unexpected = new Set<string>()
      const failing = new FailingRows()
      return {
        add: (row, n) => {
          let present = 0
          let wrong = false
          for (const key in row) {
            if (expectedSet.has(key)) present++
            else {
              unexpected.add(key)
              wrong = true
            }
          }
          if (present !== expectedSet.size) {
            wrong = true
            for (const name of expected) if (!(name in row)) missing.add(name)
          }
          if (wrong) failing.add(n)
        },
        finish: () => {
          const outcome = failing.outcome(
            "every row has the schema's columns",
            "row whose columns differ from the schema",
            "rows whose columns differ from the schema"
          )
          const details = [
            missing.size === 0 ? "" : `missing: ${[...missing].join(", ")}`,
            unexpected.size === 0 ? "" : `unexpected: ${[...unexpected].join(", ")}`
          ].filter((part) => part !== "")
          return details.length === 0 ? outcome : { ...outcome, observed: `${outcome.observed}; ${details.join("; ")}` }
        }
      }
    }
    case "freshness":
      return needsColumn((name) => {
        const maxAgeSeconds = check.params["maxAgeSeconds"]
        if (typeof maxAgeSeconds !== "number" || !(maxAgeSeconds > 0)) return "params.maxAgeSeconds must be a positive number"
        let newest = -Infinity
        let unreadable = 0
        return {
          add: (row) => {
            const value = row[name]
            if (value === null || value === undefined) return
            const millis = toMillis(value)
            if (millis === undefined) unreadable++
            else if (millis > newest) newest = millis
          },
          finish: (_rows, now) => {
            const skipped = unreadable === 0 ? "" : `; ${unreadable} values are not timestamps`
            if (newest === -Infinity) return { passed: false, observed: `no timestamps in ${name}${skipped}`, failures: 1 }
            const ageSeconds = Math.round((now.getTime() - newest) / 1000)
            const passed = ageSeconds <= maxAgeSeconds
            return {
              passed,
              observed: `newest ${name} ${new Date(newest).toISOString()} is ${ageSeconds} s old (at most ${maxAgeSeconds} s)${skipped}`,
              failures: passed ? 0 : 1
            }
          }
        }
      })
    case "custom": {
      const predicate = check.predicate as ((row: unknown) => boolean) | undefined
      if (typeof predicate !== "function") return "a custom check needs a predicate(row) function"
      const failing = new FailingRows()
      let thrown: string | undefined
      return {
        add: (row, n) => {
          try {
            if (predicate(row) !== true) failing.add(n)
          } catch (error) {
            thrown ??= error instanceof Error ? error.message : String(error)
            failing.add(n)
          }
        },
        finish: () => {
          const outcome = failing.outcome("every row satisfies the predicate", "row failing the predicate", "rows failing the predicate")
          return thrown === undefined ? outcome : { ...outcome, observed: `${outcome.observed}; the predicate threw: ${thrown}` }
        }
      }
    }
  }
}

/**
 * Builds an evaluator for `checks`. Fails with a {@link CheckError} naming the first check whose
 * spec cannot be evaluated (unknown kind, missing column, bad pattern or bounds, duplicate name).
 */
export const make = (
  checks: ReadonlyArray<CheckSpec>,
  options: ChecksOptions = {}
): Effect.Effect<CheckEvaluator, CheckError> =>
  Effect.suspend(() => {
    const evaluators: Array<Evaluator> = []
    const names = new Set<string>()
    for (const check of checks) {
      const invalid = (why: string) =>
        Effect.fail(
          new CheckError({
            reason: "InvalidSpec",
            check: check.name,
            message: `check "${check.name}" (${check.kind}): ${why}; fix the check in the asset's spec`
          })
        )
      if (check.name === "") return invalid("a check needs a name")
      if (names.has(check.name)) return invalid("another check has the same name; give each check a distinct name")
      if (!CHECK_KINDS.includes(check.kind)) return invalid(`unknown kind; use one of ${CHECK_KINDS.join(", ")}`)
      if (check.severity !== "warn" && check.severity !== "error") return invalid('severity must be "warn" or "error"')
      const evaluator = evaluatorOf(check, options)
      if (typeof evaluator === "string") return invalid(evaluator)
      names.add(check.name)
      evaluators.push(evaluator)
    }
    let rows = 0
    return Effect.succeed<CheckEvaluator>({
      add: (row) => {
        rows++
        for (let i = 0; i < evaluators.length; i++) evaluators[i]!.add(row, rows)
      },
      finish: (now) =>
        checks.map((check, i) => ({
          name: check.name,
          kind: check.kind,
          severity: check.severity,
          ...evaluators[i]!.finish(rows, now)
        }))
    })
  })

/** True when a check of severity `error` failed: the partition must not be committed. */
export const blocksCommit = (results: ReadonlyArray<CheckResult>): boolean =>
  results.some((result) => result.severity === "error" && !result.passed)

/** The failed checks of severity `error`, for the message that explains why a commit was refused. */
export const blocking = (results: ReadonlyArray<CheckResult>): ReadonlyArray<CheckResult> =>
  results.filter((result) => result.severity === "error" && !result.passed)
