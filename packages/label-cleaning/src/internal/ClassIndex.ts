/**
 * Rows grouped by given label: `members.subarray(offsets[k], offsets[k + 1])` lists the rows
 * labelled `k` in ascending row order (a counting sort, O(n + K)).
 *
 * @internal
 */
export interface ClassIndex {
  /** Number of rows per class, length K. */
  readonly counts: Int32Array
  /** Start of each class in `members`, length K + 1. */
  readonly offsets: Int32Array
  /** Row indices grouped by class, ascending within a class. */
  readonly members: Int32Array
}

/** Groups `labels` (validated, in `0..numClasses-1`) by class. */
export const make = (labels: Int32Array, numClasses: number): ClassIndex => {
  const counts = new Int32Array(numClasses)
  for (let i = 0; i < labels.length; i++) counts[labels[i] as number]!++
  const offsets = new Int32Array(numClasses + 1)
  for (let k = 0; k < numClasses; k++) offsets[k + 1] = (offsets[k] as number) + (counts[k] as number)
  const cursor = offsets.slice(0, numClasses)
  const members = new Int32Array(labels.length)
  for (let i = 0; i < labels.length; i++) members[cursor[labels[i] as number]!++] = i
  return { counts, offsets, members }
}

/** The rows labelled `k`, ascending. */
export const rowsOf = (index: ClassIndex, k: number): Int32Array =>
  index.members.subarray(index.offsets[k] as number, index.offsets[k + 1] as number)
