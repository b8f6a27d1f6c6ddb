/** Static partitions: a fixed list of keys, e.g. normalization versions from configuration. */
import type { StaticPartitions } from "../Partitions.ts"

/** A static key: a path segment (no `/`), starting with a letter or digit. */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._=-]*$/

/** What is wrong with a static definition, or `undefined` when it is valid. */
export const problemOf = (def: StaticPartitions): string | undefined => {
  if (def.keys.length === 0) return "it has no key; list at least one (e.g. [\"v1\", \"v2\"])"
  const bad = def.keys.find((key) => !KEY_PATTERN.test(key))
  if (bad !== undefined) return `key ${JSON.stringify(bad)} is not of the form [A-Za-z0-9][A-Za-z0-9._=-]* (no "/")`
  const seen = new Set<string>()
  const duplicate = def.keys.find((key) => (seen.has(key) ? true : (seen.add(key), false)))
  if (duplicate !== undefined) return `key ${JSON.stringify(duplicate)} is listed twice`
  return undefined
}
