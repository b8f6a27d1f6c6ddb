/**
 * Multi-dimensional partitions: the product of named dimensions. A key is the path of its
 * dimension values in the spec's order, e.g. `v2/2021-09-02` for `{ version, date }`.
 */
import type { MultiPartitions } from "../Partitions.ts"

/** Separator of dimension values in a multi-dimensional key. */
export const SEPARATOR = "/"

/** A dimension name: lowercase identifier. */
const NAME_PATTERN = /^[a-z][a-z0-9_]*$/

/** What is wrong with the shape of a multi definition (its dimensions are checked apart). */
export const problemOf = (def: MultiPartitions): string | undefined => {
  if (def.dimensions.length === 0) return "it has no dimension"
  const bad = def.dimensions.find((dimension) => !NAME_PATTERN.test(dimension.name))
  if (bad !== undefined) return `dimension name ${JSON.stringify(bad.name)} is not of the form [a-z][a-z0-9_]*`
  const names = def.dimensions.map((dimension) => dimension.name)
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate !== undefined) return `dimension ${JSON.stringify(duplicate)} is declared twice`
  return undefined
}

/** Every combination of the dimensions' keys, first dimension outermost. */
export const product = (keysPerDimension: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  let result: ReadonlyArray<string> = [""]
  keysPerDimension.forEach((keys, i) => {
    const next: Array<string> = []
    for (const prefix of result) {
      for (const key of keys) next.push(i === 0 ? key : prefix + SEPARATOR + key)
    }
    result = next
  })
  return result
}

/** The dimension values of a key, or `undefined` when it has the wrong number of parts. */
export const split = (def: MultiPartitions, key: string): ReadonlyArray<string> | undefined => {
  const parts = key.split(SEPARATOR)
  return parts.length === def.dimensions.length ? parts : undefined
}

/** The index of a dimension by name (-1 when absent). */
export const dimensionIndex = (def: MultiPartitions, name: string): number =>
  def.dimensions.findIndex((dimension) => dimension.name === name)

/** The key of dimension values given in spec order. */
export const join = (values: ReadonlyArray<string>): string => values.join(SEPARATOR)
