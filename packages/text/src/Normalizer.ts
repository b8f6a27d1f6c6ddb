/**
 * Applies a rule set to text: one wink reading per document (or per paragraph), every token
 * rule on it.
 *
 * The steps of a set run in order. Text steps before the first token step run on the whole
 * input; the document is then read once by wink (with only the annotations the set needs);
 * token steps rewrite its tokens, text steps between them map each token's text and
 * whitespace; the tokens are rendered back to text; text steps after the last token step run
 * on that text. A set without token steps never reads the document.
 *
 * Normalizing is a function of the text alone: the same text gives the same output whatever
 * was normalized before it in the process (see `internal/wink.ts`).
 *
 * With {@link NormalizeOptions} `unit: "paragraph"`, wink reads each paragraph alone (the text
 * between blank lines) and the token steps rewrite each paragraph's reading; the whitespace
 * between paragraphs goes through the text steps among the token steps, as a token's whitespace
 * does; a paragraph rewritten to nothing is left out with the blank line before it. Paragraphs
 * are what repeats across pages (quoted and syndicated text, boilerplate, near-duplicate copies),
 * and `memoChars` keeps the rewritten paragraphs, so a repeated one is not read again.
 */
import { Effect, Stream } from "effect"
import { NormalizeError } from "./NormalizeError.ts"
import { read, type Reading } from "./Reading.ts"
import type { RuleSet } from "./RuleSet.ts"
import type { Step, TextStep, TokenStep } from "./Rule.ts"
import { render, withText, type Token } from "./Token.ts"
import { flattened } from "./internal/flattened.ts"
import { paragraphsOf } from "./internal/paragraphs.ts"
import { makeReadingMemo } from "./internal/readingMemo.ts"

/** How a normalizer reads a text. */
export interface NormalizeOptions {
  /** What wink reads at once: the whole text (`document`, the default) or each paragraph alone (`paragraph`). */
  readonly unit?: "document" | "paragraph"
  /**
   * Characters of read units (texts or paragraphs) and their outputs kept in memory, so that a
   * unit read again is rewritten from memory (least recently used forgotten first). `0`, the
   * default, keeps none.
   */
  readonly memoChars?: number
}

/** A text step applied to each token's text and whitespace. */
const pieceWise = (step: TextStep): TokenStep => ({
  kind: "token",
  needs: [],
  apply: (tokens) =>
    tokens.map((token, i): Token => {
      const text = token.text === "" ? "" : step.piece(token.text, false)
      const spaces = step.piece(token.spaces, i === 0)
      return text === token.text && spaces === token.spaces ? token : withText(token, text, spaces)
    }),
})

/** Applies text steps in order. */
const runText = (steps: ReadonlyArray<TextStep>, text: string): string => steps.reduce((out, step) => step.text(out), text)

/**
 * The normalization function of a rule set.
 *
 * @example
 * const v2 = Effect.runSync(RuleSet.make("v2", ["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }]))
 * normalizer(v2)("this is an example") // "this be an example"
 */
export const normalizer = (ruleSet: RuleSet, options: NormalizeOptions = {}): ((text: string) => string) => {
  const normalize = normalizers([ruleSet], options)
  return (text) => normalize(text)[0] as string
}

/** A rule set with token steps, cut where wink reads: text steps before, the rewrite of a reading, text steps after. */
interface ReadingPlan {
  readonly before: ReadonlyArray<TextStep>
  readonly rewrite: (reading: Reading) => string
  /** Maps whitespace between paragraphs (`edge`: before the first or after the last) as the text steps among the token steps map a token's. */
  readonly spaces: (whitespace: string, edge: boolean) => string
  readonly after: ReadonlyArray<TextStep>
}

/** The reading plan of a rule set, or `undefined` when it has no token step (it never reads). */
const planOf = (ruleSet: RuleSet): ReadingPlan | undefined => {
  const steps: ReadonlyArray<Step> = ruleSet.steps
  const first = steps.findIndex((step) => step.kind === "token")
  if (first === -1) return undefined
  const last = steps.findLastIndex((step) => step.kind === "token")
  const middle = steps.slice(first, last + 1)
  const tokenSteps = middle.map((step) => (step.kind === "token" ? step : pieceWise(step)))
  const middleTextSteps = middle.filter((step): step is TextStep => step.kind === "text")
  const spaces = (whitespace: string, edge: boolean): string => middleTextSteps.reduce((out, step) => step.piece(out, edge), whitespace)
  return {
    before: steps.slice(0, first) as ReadonlyArray<TextStep>,
    after: steps.slice(last + 1) as ReadonlyArray<TextStep>,
    spaces,
    rewrite: (reading) => {
      let tokens = reading.tokens
      for (const step of tokenSteps) tokens = step.apply(tokens, reading)
      return render(tokens, spaces(reading.trailing, true))
    },
  }
}

/** Ends the indexes of the sets that read a unit, in a memo key before the unit (indexes never hold it, so keys never collide). */
const unitAfterGroup = "\u0000"

/** The sets that hand wink the same text, each with its index among the sets. */
type Sharing = ReadonlyArray<{ readonly index: number; readonly plan: ReadingPlan }>

/**
 * The normalization function of several rule sets at once: for a text, the output of each set
 * (in the order given), equal to what {@link normalizer} gives for that set with the same
 * options. Sets that hand wink the same text share one reading, made with every annotation they
 * need (a reading's tokens do not depend on its annotations), so normalizing by two versions
 * costs about one reading with the richer annotations instead of two.
 *
 * @example
 * const both = normalizers([v1, v2])
 * const [forV1, forV2] = both("She was running.")
 */
export const normalizers = (ruleSets: ReadonlyArray<RuleSet>, options: NormalizeOptions = {}): ((text: string) => ReadonlyArray<string>) => {
  const plans = ruleSets.map(planOf)
  const annotations = new Set(ruleSets.flatMap((ruleSet) => [...ruleSet.annotations]))
  const memo = (options.memoChars ?? 0) > 0 ? makeReadingMemo(options.memoChars as number) : undefined
  /** The rewrites of one unit by the sharing sets, from one reading (flattened: they may be kept). */
  const rewrite = (unit: string, sharing: Sharing): ReadonlyArray<string> =>
    read(unit, annotations, (reading) => sharing.map((item) => flattened(item.plan.rewrite(reading))))
  /** The rewrites of one unit (a text or a paragraph) by the sharing sets, from one reading or from memory. */
  const readUnit = (unit: string, sharing: Sharing, group: string): ReadonlyArray<string> => {
    if (memo === undefined) return rewrite(unit, sharing)
    // The memo holds every group's outputs: a unit is remembered with the indexes of the sets that read it.
    const key = group + unitAfterGroup + unit
    return memo.get(key) ?? memo.remember(key, rewrite(unit, sharing))
  }
  /** The rewrites of a text by the sharing sets: one unit, or each paragraph alone. */
  const readText = (input: string, sharing: Sharing): ReadonlyArray<string> => {
    const group = memo === undefined ? "" : sharing.map((item) => item.index).join(",")
    const cut = options.unit === "paragraph" ? paragraphsOf(input) : undefined
    if (cut === undefined) return readUnit(input, sharing, group)
    const rewritten = cut.paragraphs.map((paragraph) => readUnit(paragraph, sharing, group))
    return sharing.map(({ plan }, i) => {
      let out = ""
      rewritten.forEach((outputs, p) => {
        const paragraph = outputs[i] as string
        if (paragraph === "") return
        if (out !== "") out += plan.spaces(cut.separators[p - 1] as string, false)
        out += paragraph
      })
      return plan.spaces(cut.lead, true) + out + plan.spaces(cut.trail, true)
    })
  }
  return (text) => {
    const outputs: Array<string> = new Array(ruleSets.length)
    /** The sets that read, by the text they hand wink. */
    const readers = new Map<string, Array<Sharing[number]>>()
    plans.forEach((plan, index) => {
      if (plan === undefined) {
        outputs[index] = runText((ruleSets[index] as RuleSet).steps as ReadonlyArray<TextStep>, text)
        return
      }
      const input = runText(plan.before, text)
      const sharing = readers.get(input)
      if (sharing === undefined) readers.set(input, [{ index, plan }])
      else sharing.push({ index, plan })
    })
    for (const [input, sharing] of readers) {
      const rewritten = readText(input, sharing)
      sharing.forEach((item, i) => {
        outputs[item.index] = flattened(runText(item.plan.after, rewritten[i] as string))
      })
    }
    return outputs
  }
}

/** Options of {@link normalizeRows}. */
export interface NormalizeRowsOptions<K extends string, Into extends string> extends NormalizeOptions {
  /** The field holding the text. */
  readonly field: K
  /** The field receiving the normalized text (default: `field`, replaced in place). */
  readonly into?: Into
}

/**
 * Normalizes one text field of every row of a stream with a rule set (one wink reading per
 * row, or per paragraph with `unit: "paragraph"`). A row whose field is `null` or missing passes through unchanged; a row whose field is
 * another non-string fails the stream with a {@link NormalizeError} naming the row.
 *
 * @example
 * rows.pipe(normalizeRows(v1, { field: "content", into: "content_v1" }))
 */
export const normalizeRows = <K extends string, Into extends string = K>(
  ruleSet: RuleSet,
  options: NormalizeRowsOptions<K, Into>,
) => {
  const normalize = normalizer(ruleSet, options)
  const into: string = options.into ?? options.field
  return <A extends { readonly [P in K]?: string | null }, E, R>(
    rows: Stream.Stream<A, E, R>,
  ): Stream.Stream<Omit<A, Into> & { readonly [P in Into]: A[K] }, E | NormalizeError, R> =>
    rows.pipe(
      Stream.mapEffect((row, index) => {
        const value: unknown = row[options.field]
        if (value === null || value === undefined) return Effect.succeed({ ...row, [into]: value } as never)
        if (typeof value !== "string") {
          return Effect.fail(
            new NormalizeError({
              reason: "NotAString",
              field: options.field,
              row: index,
              message: `row ${index}: field "${options.field}" holds a ${typeof value}, expected text; fix the upstream data or choose another field`,
            }),
          )
        }
        return Effect.succeed({ ...row, [into]: normalize(value) } as never)
      }),
    )
}
