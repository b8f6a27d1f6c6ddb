/**
 * IAM (and MinIO, which reads the same JSON) policies per role, for `strata policy <role>`.
 * Pure: it only builds JSON. A role reads some assets and writes others; writing an asset
 * also needs storage's bookkeeping folders for it (staging, history, versions, index, claims)
 * and the project's materialization cache, and reading needs its index and version records.
 */

/** What one role may do under a storage root. */
export interface RoleAccess {
  /** The bucket. */
  readonly bucket: string
  /** Key prefix of the storage root inside the bucket (`""` for the bucket's root). */
  readonly prefix?: string
  /** The project (first folder under the root). */
  readonly project: string
  /** Asset keys the role reads (e.g. every asset of the layers it reads). */
  readonly reads: ReadonlyArray<string>
  /** Asset keys the role writes (it may also read them). */
  readonly writes: ReadonlyArray<string>
}

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Sid: string
  readonly Effect: "Allow"
  readonly Action: ReadonlyArray<string>
  readonly Resource: ReadonlyArray<string>
  readonly Condition?: { readonly StringLike: { readonly "s3:prefix": ReadonlyArray<string> } }
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17"
  readonly Statement: ReadonlyArray<PolicyStatement>
}

/** The IAM policy language version. */
export const POLICY_VERSION = "2012-10-17"

/** Object actions a reader needs (including earlier versions). */
export const READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"] as const

/** Object actions a writer needs on top of reading. */
export const WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] as const

/** Bucket actions for listing (LIST by prefix). */
export const LIST_ACTIONS = ["s3:ListBucket", "s3:ListBucketVersions"] as const

/** The project's folder of the materialize context's cache (`<project>/_cache/<namespace>/...`), shared by every writer. */
export const CACHE_FOLDER = "_cache"

const sidOf = (role: string, what: string) => `${role.replace(/[^A-Za-z0-9]/g, "")}${what}`

/**
 * The policy that lets `role` read `access.reads` and read and write `access.writes`, and
 * nothing else. Object ARNs cover the asset folders and storage's folders for those assets.
 *
 * @example
 * policyFor("annotator", { bucket: "acme-ml", project: "html-classification",
 *   reads: ["preprocess/text-normalization"], writes: ["annotated"] })
 */
export const policyFor = (role: string, access: RoleAccess): PolicyDocument => {
  const root = access.prefix === undefined || access.prefix === "" ? "" : `${access.prefix.replace(/^\/+|\/+$/g, "")}/`
  const base = `${root}${access.project}/`
  const escaped = (asset: string) => encodeURIComponent(asset)
  const readPrefixes = (asset: string) => [`${base}${asset}/`, `${base}_index/${escaped(asset)}/`, `${base}_versions/${escaped(asset)}/`, `${base}_history/${escaped(asset)}/`]
  const writePrefixes = (asset: string) => [...readPrefixes(asset), `${base}_staging/${escaped(asset)}/`, `${base}_claims/${escaped(asset)}/`, `${base}${CACHE_FOLDER}/`]
  const readable = [...new Set([...access.reads.flatMap(readPrefixes), ...access.writes.flatMap(writePrefixes)])].sort()
  const writable = [...new Set(access.writes.flatMap(writePrefixes))].sort()
  const objects = (prefixes: ReadonlyArray<string>) => prefixes.map((prefix) => `arn:aws:s3:::${access.bucket}/${prefix}*`)
  if (readable.length === 0) return { Version: POLICY_VERSION, Statement: [] }
  const statements: Array<PolicyStatement> = [
    {
      Sid: sidOf(role, "List"),
      Effect: "Allow",
      Action: LIST_ACTIONS,
      Resource: [`arn:aws:s3:::${access.bucket}`],
      Condition: { StringLike: { "s3:prefix": readable.map((prefix) => `${prefix}*`) } }
    },
    { Sid: sidOf(role, "Read"), Effect: "Allow", Action: READ_ACTIONS, Resource: objects(readable) }
  ]
  if (writable.length > 0) statements.push({ Sid: sidOf(role, "Write"), Effect: "Allow", Action: WRITE_ACTIONS, Resource: objects(writable) })
  return { Version: POLICY_VERSION, Statement: statements }
}
