/**
 * Asset keys: `/`-separated segments of `[a-z0-9][a-z0-9._-]*`, e.g.
 * `preprocess/text-normalization`. A key doubles as a storage path, so it can never climb out
 * of its folder (`..`), start at the root, or carry control characters.
 */
import { Brand, Result } from "effect"
import { DefinitionError } from "./DefinitionError.ts"

/** A validated asset key. Build one with {@link make} or {@link parse}. */
export type AssetKey = Brand.Branded<string, "AssetKey">

/** One key segment: lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/

/** Longest accepted key, in characters (object stores cap keys near 1,024 bytes). */
export const MAX_LENGTH = 512

const CONTROL = /[\u0000-\u001f\u007f]/

const problemOf = (text: string): string | undefined => {
  if (text.length === 0) return "it is empty"
  if (text.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`
  if (CONTROL.test(text)) return "it contains a control character"
  if (text.startsWith("/")) return "it is an absolute path; drop the leading `/`"
  const segments = text.split("/")
  if (segments.includes("..")) return "it contains `..`; asset keys cannot climb out of their folder"
  const bad = segments.find((segment) => !SEGMENT.test(segment))
  if (bad !== undefined) {
    return `segment ${JSON.stringify(bad)} is not of the form [a-z0-9][a-z0-9._-]* (lowercase, no empty segment)`
  }
  return undefined
}

/** Validates a key, failing with a `DefinitionError` (reason `InvalidKey`) that names it. */
export const parse = (text: string): Result.Result<AssetKey, DefinitionError> => {
  const problem = problemOf(text)
  return problem === undefined
    ? Result.succeed(text as AssetKey)
    : Result.fail(
      new DefinitionError({
        reason: "InvalidKey",
        asset: text,
        message: `Invalid asset key ${JSON.stringify(text)}: ${problem}. Example of a valid key: "preprocess/text-normalization".`
      })
    )
}

/**
 * Validates a key for use in definitions, throwing the `DefinitionError` of {@link parse}.
 *
 * @example
 * const key = AssetKey.make("raw/html-documents")
 */
export const make = (text: string): AssetKey => {
  const result = parse(text)
  if (Result.isFailure(result)) throw result.failure
  return result.success
}

/** Whether a key lies under a prefix (`raw` covers `raw` and `raw/...`). */
export const isUnder = (key: string, prefix: string): boolean => key === prefix || key.startsWith(`${prefix}/`)
