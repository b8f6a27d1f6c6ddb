/**
 * Scoring of main-content extraction, as the datasets README describes it:
 * ScrapingHub's shingle matching (4-token shingles of `\w+` tokens, case kept, per-page counts
 * scaled to sum to 1, precision and recall averaged over pages, F1 of the averages) and WCXB's
 * word F1 (lower-cased `\w+` tokens as bags) with its `with[]` / `without[]` snippet rates.
 */

/** Python's `\w` with `re.UNICODE`: letters, marks, digits and underscore. */
const wordToken = /[\p{L}\p{M}\p{N}_]+/gu

/** Shingle length of the ScrapingHub benchmark. */
const shingleSize = 4

/** Normalized true positives, false positives and false negatives of one page. */
export interface ShingleCounts {
  readonly tp: number
  readonly fp: number
  readonly fn: number
}

const shingleCounts = (text: string): Map<string, number> => {
  const tokens = text.match(wordToken) ?? []
  const counts = new Map<string, number>()
  for (let i = 0; i < Math.max(1, tokens.length - shingleSize + 1); i++) {
    const shingle = tokens.slice(i, i + shingleSize)
    if (shingle.length === 0) continue
    const key = shingle.join("\u0001")
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/** ScrapingHub's per-page shingle matching, counts scaled to sum to 1. */
export const shingleMatching = (truth: string, predicted: string): ShingleCounts => {
  const expected = shingleCounts(truth)
  const got = shingleCounts(predicted)
  let tp = 0
  let fp = 0
  let fn = 0
  for (const key of new Set([...expected.keys(), ...got.keys()])) {
    const t = expected.get(key) ?? 0
    const p = got.get(key) ?? 0
    tp += Math.min(t, p)
    fp += Math.max(0, p - t)
    fn += Math.max(0, t - p)
  }
  const sum = tp + fp + fn
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn }
}

const precisionOf = ({ tp, fp, fn }: ShingleCounts): number => (fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp))
const recallOf = ({ tp, fp, fn }: ShingleCounts): number => (fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn))

const mean = (values: ReadonlyArray<number>): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length)

/** Precision, recall and F1 over pages, exactly as ScrapingHub's `evaluate.py` aggregates them. */
export const shingleMetrics = (pages: ReadonlyArray<ShingleCounts>): { precision: number; recall: number; f1: number } => {
  const precision = mean(pages.filter((c) => c.tp + c.fp > 0).map(precisionOf))
  const recall = mean(pages.filter((c) => c.tp + c.fn > 0).map(recallOf))
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) }
}

/** WCXB word F1 of one page: lower-cased `\w+` tokens as bags, overlap by multiset intersection. */
export const wordF1 = (truth: string, predicted: string): number => {
  const bag = (text: string): Map<string, number> => {
    const counts = new Map<string, number>()
    for (const token of text.toLowerCase().match(wordToken) ?? []) counts.set(token, (counts.get(token) ?? 0) + 1)
    return counts
  }
  const expected = bag(truth)
  const got = bag(predicted)
  let overlap = 0
  let expectedTotal = 0
  let gotTotal = 0
  for (const count of expected.values()) expectedTotal += count
  for (const [token, count] of got) {
    gotTotal += count
    overlap += Math.min(count, expected.get(token) ?? 0)
  }
  if (expectedTotal === 0 && gotTotal === 0) return 1
  if (overlap === 0) return 0
  const precision = overlap / gotTotal
  const recall = overlap / expectedTotal
  return (2 * precision * recall) / (precision + recall)
}

const squash = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()

/** Whether a snippet occurs in a text (case, punctuation and white space ignored). */
export const containsSnippet = (text: string, snippet: string): boolean => {
  const needle = squash(snippet)
  return needle !== "" && squash(text).includes(needle)
}
