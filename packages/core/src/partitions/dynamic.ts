/** Dynamic partitions: keys known only at run time (supplied by name through the context). */
import type { DynamicPartitions } from "../Partitions.ts"

/** A dynamic set name: lowercase identifier. */
const NAME_PATTERN = /^[a-z][a-z0-9_-]*$/

/** What is wrong with a dynamic definition, or `undefined` when it is valid. */
export const problemOf = (def: DynamicPartitions): string | undefined =>
  NAME_PATTERN.test(def.name) ? undefined : `dynamic set name ${JSON.stringify(def.name)} is not of the form [a-z][a-z0-9_-]*`

/** The keys of a dynamic set, as supplied at run time (none when not supplied). */
export const keysOf = (def: DynamicPartitions, supplied: ReadonlyMap<string, ReadonlyArray<string>>): ReadonlyArray<string> =>
  supplied.get(def.name) ?? []
