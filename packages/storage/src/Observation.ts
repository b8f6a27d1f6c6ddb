/**
 * What storage reports for one committed partition. The shape is @strata/core's
 * `Observation` (contracts.md); it is declared here, structurally identical, so that storage
 * does not wait on core: the two types are interchangeable.
 */
export interface Observation {
  /** Asset key. */
  readonly asset: string
  /** Partition key. */
  readonly partition: string
  /** The asset's code version when the partition was committed. */
  readonly codeVersion: string
  /** The partition's data version (SHA-1 of its content by default). */
  readonly dataVersion: string
  /** Digest of the upstream partitions' data versions it was built from. */
  readonly inputsDigest: string
}

/** The versions a commit records in its index marker. */
export interface MarkerVersions {
  /** The asset's code version. */
  readonly codeVersion: string
  /** The data version of what is committed. */
  readonly dataVersion: string
  /** Digest of the inputs' data versions. */
  readonly inputsDigest: string
}
