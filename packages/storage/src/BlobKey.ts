import { Effect } from "effect"
import { BlobStoreError } from "./BlobStoreError.ts"

/** Longest key accepted, in UTF-8 bytes (S3's limit). */
export const MAX_KEY_BYTES = 1024

/** Suffix of the local driver's temporary files; keys may not end with it. */
export const TEMPORARY_SUFFIX = ".strata-tmp"

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/**
 * A key of these characters only, whose segments start with no dot, breaks no rule below but
 * the reserved suffix, the length and the trailing slash (which {@link problem} checks apart):
 * it needs no closer look. Storage's own keys are all of this kind.
 */
const PLAIN_KEY = /^(?:[\w%,=+@~-][\w%,.=+@~-]*\/)*(?:[\w%,=+@~-][\w%,.=+@~-]*)?$/

/** Orders keys by their UTF-16 code units, which matches S3's byte order for ASCII keys. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Why `key` is not a valid blob key, or `undefined` when it is. A key is a relative,
 * `/`-separated path: no empty, `.` or `..` segment, no leading `/` or `\`, no backslash,
 * no control characters, at most {@link MAX_KEY_BYTES} bytes. `allowTrailingSlash` admits a
 * listing prefix such as `project/asset/`.
 */
export const problem = (key: string, allowTrailingSlash = false): string | undefined => {
  if (key.length === 0) return allowTrailingSlash ? undefined : "the key is empty"
  const plain = key.length <= MAX_KEY_BYTES && PLAIN_KEY.test(key) && !key.endsWith(TEMPORARY_SUFFIX) && (allowTrailingSlash || !key.endsWith("/"))
  if (plain) return undefined
  if (CONTROL_CHARACTERS.test(key)) return "the key contains a control character"
  if (key.startsWith("/") || /^[a-zA-Z]:/.test(key)) return "the key is an absolute path; use a path relative to the store's root"
  if (key.includes("\\")) return "the key contains a backslash; separate segments with /"
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) return `the key is longer than ${MAX_KEY_BYTES} bytes`
  if (key.endsWith(TEMPORARY_SUFFIX)) return `keys ending in ${TEMPORARY_SUFFIX} are reserved for temporary files`
  const segments = key.split("/")
  const last = segments.length - 1
  for (const [index, segment] of segments.entries()) {
    if (segment === "" && allowTrailingSlash && index === last) continue
    if (segment === "") return "the key has an empty segment (a doubled or trailing /)"
    if (segment === "." || segment === "..") return `the key has a "${segment}" segment; keys may not leave their folder`
  }
  return undefined
}

/**
 * Succeeds with `key` when it is a valid blob key (see {@link problem}); fails with a
 * `BlobStoreError` of reason `Invalid` naming the key and the rule otherwise.
 */
export const validate = (key: string, allowTrailingSlash = false): Effect.Effect<string, BlobStoreError> => {
  const why = problem(key, allowTrailingSlash)
  return why === undefined ? Effect.succeed(key) : Effect.fail(invalid(key, why))
}

/** The `Invalid` error of a key that breaks a rule (`why`, from {@link problem}). */
export const invalid = (key: string, why: string): BlobStoreError =>
  new BlobStoreError({ reason: "Invalid", key: JSON.stringify(key), message: `Invalid key ${JSON.stringify(key)}: ${why}.` })
