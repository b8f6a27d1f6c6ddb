/**
 * Index markers: one empty object per committed partition whose KEY carries what staleness
 * needs, so that the status of every partition of an asset comes from LIST calls alone
 * (1,000 keys per call). Under `<project>/_index/<asset, escaped>/`:
 *
 *   <partition>,<codeVersion>,<dataVersion>,<inputsDigest>,<bytes>,<sidecar path>   committed
 *   <partition>,pending,<commitId>,<sidecar path>                                  commit in progress
 *
 * Every field is `encodeURIComponent`-escaped, so fields never contain `,` and all markers of
 * a partition share the prefix `<partition>,` (and so come out of a listing side by side).
 * The sidecar path is relative to `<project>/<asset>/`; readers use it when markers disagree.
 */
import type { MarkerVersions } from "./Observation.ts"

/** A committed partition as its marker describes it. */
export interface CommittedMarker extends MarkerVersions {
  readonly _tag: "Committed"
  /** Partition key. */
  readonly partition: string
  /** Data size in bytes. */
  readonly bytes: number
  /** Sidecar key relative to `<project>/<asset>/`. */
  readonly sidecarPath: string
}

/** A commit that started and has not finished (or crashed). */
export interface PendingMarker {
  readonly _tag: "Pending"
  /** Partition key. */
  readonly partition: string
  /** The commit's id. */
  readonly commitId: string
  /** Sidecar key relative to `<project>/<asset>/`. */
  readonly sidecarPath: string
}

/** Either kind of marker. */
export type Marker = CommittedMarker | PendingMarker

const COMMITTED_FIELDS = 6
const PENDING_FIELDS = 4
const PENDING = "pending"

const escape = encodeURIComponent

const unescape = (field: string): string | undefined => {
  try {
    return decodeURIComponent(field)
  } catch {
    return undefined
  }
}

/** The marker's object name (to put under the asset's index folder). */
export const name = (marker: Marker): string =>
  marker._tag === "Committed"
    ? [marker.partition, marker.codeVersion, marker.dataVersion, marker.inputsDigest, String(marker.bytes), marker.sidecarPath].map(escape).join(",")
    : [marker.partition, PENDING, marker.commitId, marker.sidecarPath].map(escape).join(",")

/** The prefix shared by every marker of `partition`. */
export const partitionPrefix = (partition: string): string => `${escape(partition)},`

/** Reads a marker name back, or `undefined` when it is not one. */
export const parse = (objectName: string): Marker | undefined => {
  const fields = objectName.split(",").map(unescape)
  if (fields.some((field) => field === undefined)) return undefined
  const values = fields as Array<string>
  if (values.length === PENDING_FIELDS && values[1] === PENDING) {
    const [partition = "", , commitId = "", sidecarPath = ""] = values
    return { _tag: "Pending", partition, commitId, sidecarPath }
  }
  if (values.length !== COMMITTED_FIELDS) return undefined
  const [partition = "", codeVersion = "", dataVersion = "", inputsDigest = "", bytes = "", sidecarPath = ""] = values
  const size = Number(bytes)
  if (!Number.isSafeInteger(size) || size < 0) return undefined
  return { _tag: "Committed", partition, codeVersion, dataVersion, inputsDigest, bytes: size, sidecarPath }
}
