/**
 * The attempts of the scored extraction, strictest first: which pruning, weighting and cleaning
 * rules each applies. An attempt whose text is too short gives way to the next, as Readability
 * retries with fewer rules (the loop is `readContent` in Content.ts).
 */

/** Which pruning and weighting rules an attempt applies. */
export interface Attempt {
  readonly stripUnlikely: boolean
  readonly weightClasses: boolean
  readonly cleanConditionally: boolean
}

/** An attempt on one page: the attempt's rules and what the page says about itself. */
export interface PageAttempt extends Attempt {
  /**
   * Whether the page declares itself an article. On other pages, class or id names naming
   * reviews weigh as boilerplate (`reviewWord`, Hints.ts), the containers are widened, and
   * long prose blocks (`isLongProseBlock`, Cleaning.ts) survive cleaning whatever their names.
   */
  readonly declaresArticle: boolean
}

/** The attempts in the order they run: every rule first, then stripping unlikely elements, weighing classes and cleaning conditionally dropped one after another. */
export const attempts: ReadonlyArray<Attempt> = [
  { stripUnlikely: true, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: false }
]
