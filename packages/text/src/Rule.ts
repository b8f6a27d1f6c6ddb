/**
 * A normalization rule: a named, documented unit with validated parameters that compiles into
 * a step of a rule set.
 *
 * There are two kinds of step. A token step rewrites the tokens of the document's single wink
 * reading. A text step maps characters; placed before the first or after the last token step
 * of a set it runs on the whole text, and between token steps it runs on each token's text and
 * whitespace, so that a set never reads a document twice.
 */
import { Effect, Result, Schema } from "effect"
import type { Reading } from "./Reading.ts"
import { withText, type Token } from "./Token.ts"
import type { Annotation } from "./internal/wink.ts"

export type { Annotation } from "./internal/wink.ts"

/** A step that rewrites the tokens of the reading (set `text` to `""` to remove one). */
export interface TokenStep {
  readonly kind: "token"
  /** The wink annotations the step reads beyond tokenization. */
  readonly needs: ReadonlyArray<Annotation>
  /** Returns the rewritten tokens, one per input token, in the same order. */
  readonly apply: (tokens: ReadonlyArray<Token>, reading: Reading) => ReadonlyArray<Token>
}

/** A step that maps characters, on the whole text or on each piece of it. */
export interface TextStep {
  readonly kind: "text"
  /** Maps a whole text. */
  readonly text: (text: string) => string
  /**
   * Maps one token's text or whitespace (equal to `text` for most rules). `edge` is true for
   * the whitespace at the start and end of the document.
   */
  readonly piece: (piece: string, edge: boolean) => string
}

/** What a rule compiles into. */
export type Step = TokenStep | TextStep

/** A rule with its parameters checked and defaults filled. */
export interface BuiltRule {
  /** The parameters with defaults filled, as recorded in the sidecar's `process`. */
  readonly params: Readonly<Record<string, unknown>>
  /** The compiled step. */
  readonly step: Step
}

/** A rule of the catalogue. */
export interface Rule {
  /** The name used in configuration (`remove_punctuation`). */
  readonly name: string
  /** What the rule does, in one or two sentences. */
  readonly description: string
  /** Whether applying the rule twice gives the same text as applying it once. */
  readonly idempotent: boolean
  /** The parameters' defaults. */
  readonly defaults: Readonly<Record<string, unknown>>
  /** Checks `params` (unknown keys are an error) and compiles the step, or says what is wrong. */
  readonly build: (params: unknown) => Result.Result<BuiltRule, string>
}

/**
 * Defines a rule from a parameter schema (every field with a decoding default) and a compiler.
 *
 * @example
 * const lowerCase = define({
 *   name: "lower_case", description: "Lower-cases the text.", idempotent: true,
 *   params: Schema.Struct({}),
 *   compile: () => textStep((text) => text.toLowerCase()),
 * })
 */
export const define = <S extends Schema.ConstraintDecoder<unknown>>(spec: {
  readonly name: string
  readonly description: string
  readonly idempotent: boolean
  readonly params: S
  readonly compile: (params: S["Type"]) => Step
}): Rule => {
  const decode = Schema.decodeUnknownResult(spec.params, { onExcessProperty: "error" })
  const defaults = decode({})
  if (Result.isFailure(defaults)) throw new Error(`rule ${spec.name}: a parameter has no default`)
  const known = Object.keys(defaults.success as object)
  const build = (params: unknown): Result.Result<BuiltRule, string> => {
    const input = params ?? {}
    const unknown = typeof input === "object" ? Object.keys(input).filter((key) => !known.includes(key)) : []
    if (unknown.length > 0) {
      const accepted = known.length === 0 ? "it takes no parameters" : `known parameters: ${known.join(", ")}`
      return Result.fail(`unknown parameter ${unknown.map((key) => `"${key}"`).join(", ")}; ${accepted}`)
    }
    const decoded = decode(input)
    if (Result.isFailure(decoded)) return Result.fail(decoded.failure.message)
    return Result.succeed({ params: decoded.success as Readonly<Record<string, unknown>>, step: spec.compile(decoded.success) })
  }
  return {
    name: spec.name,
    description: spec.description,
    idempotent: spec.idempotent,
    defaults: defaults.success as Readonly<Record<string, unknown>>,
    build,
  }
}

/** A text step whose piece mapping is the text mapping. */
export const textStep = (map: (text: string) => string): TextStep => ({ kind: "text", text: map, piece: (piece) => map(piece) })

/** A token step that maps each kept token independently (return `""` to remove it). */
export const tokenStep = (
  map: (token: Token, reading: Reading) => string,
  needs: ReadonlyArray<Annotation> = [],
): TokenStep => ({
  kind: "token",
  needs,
  apply: (tokens, reading) => {
    let out: Array<Token> | undefined
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i] as Token
      if (token.text === "") continue
      const text = map(token, reading)
      if (text !== token.text) {
        out ??= tokens.slice()
        out[i] = withText(token, text)
      }
    }
    return out ?? tokens
  },
})

/** A parameter field with a default value. */
export const withDefault = <S extends Schema.Top>(schema: S, value: S["Type"]) =>
  schema.pipe(Schema.withDecodingDefaultKey(Effect.succeed(value as S["Encoded"])))
