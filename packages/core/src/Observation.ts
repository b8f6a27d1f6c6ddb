/**
 * Observations: what storage knows of a committed partition, gathered before planning
 * (storage listing returns one per committed partition; a source asset's `observe` too).
 */
import { hash128 } from "./internal/hash128.ts"

/** A committed asset-partition as storage lists it. */
export interface Observation {
  /** The asset key. */
  readonly asset: string
  /** The partition key (`"all"` for an unpartitioned asset). */
  readonly partition: string
  /** The asset's code version when the partition was committed (empty for source assets). */
  readonly codeVersion: string
  /** The data version: the SHA1 of the partition's content. */
  readonly dataVersion: string
  /** {@link inputsDigest} of the upstream partitions it read (empty for source assets). */
  readonly inputsDigest: string
}

/** One upstream partition read by a materialization, with the data version read. */
export interface Input {
  /** The upstream asset key. */
  readonly asset: string
  /** The upstream partition key. */
  readonly partition: string
  /** The upstream partition's data version at read time. */
  readonly dataVersion: string
}

/** Separates the fields of an input in the digested text (cannot occur in keys). */
const FIELD_SEPARATOR = "\u0000"

/** Separates inputs in the digested text. */
const INPUT_SEPARATOR = "\u0001"

/**
 * A deterministic, order-independent digest of the inputs a partition read: 32 hex digits of a
 * 128-bit hash over the sorted `asset, partition, dataVersion` triples. Equal sets of inputs
 * give equal digests; any changed data version changes it.
 *
 * @example
 * inputsDigest([{ asset: "raw/html", partition: "2021-09-02", dataVersion: "3f2a..." }])
 */
export const inputsDigest = (inputs: ReadonlyArray<Input>): string =>
  digestLines(inputs.map((input) => inputLine(input.asset, input.partition, input.dataVersion)))

/** The digested text of one input (a building block of {@link inputsDigest} for hot loops). */
export const inputLine = (asset: string, partition: string, dataVersion: string): string =>
  asset + FIELD_SEPARATOR + partition + FIELD_SEPARATOR + dataVersion

/** {@link inputsDigest} of inputs already rendered by {@link inputLine}; sorts `lines` in place. */
export const digestLines = (lines: Array<string>): string => {
  if (lines.length > 1) lines.sort()
  return hash128(lines.length === 1 ? (lines[0] as string) : lines.join(INPUT_SEPARATOR))
}

/** Observations indexed by asset then partition, for constant-time look-ups. */
export interface ObservationIndex {
  /** The observation of an asset-partition, if any. */
  readonly get: (asset: string, partition: string) => Observation | undefined
  /** The observations of one asset by partition key. */
  readonly of: (asset: string) => ReadonlyMap<string, Observation>
}

const EMPTY: ReadonlyMap<string, Observation> = new Map()

/** Indexes observations; when one asset-partition appears twice, the last one wins. */
export const index = (observations: Iterable<Observation>): ObservationIndex => {
  const byAsset = new Map<string, Map<string, Observation>>()
  for (const observation of observations) {
    let partitions = byAsset.get(observation.asset)
    if (partitions === undefined) {
      partitions = new Map()
      byAsset.set(observation.asset, partitions)
    }
    partitions.set(observation.partition, observation)
  }
  return {
    get: (asset, partition) => byAsset.get(asset)?.get(partition),
    of: (asset) => byAsset.get(asset) ?? EMPTY
  }
}
