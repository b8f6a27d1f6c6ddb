/** Column documentation: what a column holds and what it means to the business. */

/** The documentation of one column. */
export interface ColumnDoc {
  /** What the column holds, technically (e.g. "normalized URL, lowercase host"). */
  readonly description: string
  /** What it means to the business (e.g. "the page's identity across crawls"). */
  readonly meaning: string
}

/** Builds a column doc; `meaning` defaults to the description. */
export const make = (description: string, meaning: string = description): ColumnDoc => ({ description, meaning })
