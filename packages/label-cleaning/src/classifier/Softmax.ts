/** In-place softmax of a row of scores (max-shifted; `-Infinity` scores get probability 0). */
export const softmaxRow = (row: Float64Array): void => {
  let max = -Infinity
  for (const v of row) if (v > max) max = v
  let sum = 0
  for (let k = 0; k < row.length; k++) {
    const e = Math.exp((row[k] as number) - max)
    row[k] = e
    sum += e
  }
  for (let k = 0; k < row.length; k++) row[k] = (row[k] as number) / sum
}
