/**
 * Keeps secrets out of MLflow: configuration keys that look like secrets are dropped, and
 * credentials written into URLs (`https://user:password@host`) are removed from values.
 */
import type { Param } from "./Entities.ts"
import { keyPart } from "./Limits.ts"

/** Words of a key that mark its value as secret (compared case-insensitively, whole words). */
const SECRET_WORDS = new Set(["auth", "authorization", "cookie", "pwd", "dsn", "passphrase", "signature"])
/** Fragments that mark a word as secret wherever they occur in it (`apiToken`, `db_password`, `clientSecret`). */
const SECRET_FRAGMENTS = ["secret", "token", "passw", "credential"]
/** A word naming a key (`key`, `apiKey`, `access_key`, `privateKeys`). */
const KEY_WORD = /^(api|access|secret|private|ssh|signing|encryption|master|license|client)?keys?$/

/** Splits a key into lower-case words at separators and camelCase boundaries. */
const words = (key: string): ReadonlyArray<string> =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase())

/** True when a configuration key names a secret (`password`, `apiKey`, `aws_secret_access_key`, `token`, ...). */
export const isSecretKey = (key: string): boolean => {
  const parts = words(key)
  // `apiKey` splits into `api` and `key`; `accesskey` stays whole: both are caught.
  return parts.some((word) => SECRET_WORDS.has(word) || KEY_WORD.test(word) || SECRET_FRAGMENTS.some((fragment) => word.includes(fragment)))
}

/** Removes `user:password@` from URLs inside a value. */
export const stripUrlCredentials = (value: string): string => value.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1")

/** A deep copy of `value` without the entries whose keys look like secrets (for JSON-valued params). */
export const redact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redact)
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).flatMap(([key, child]) => (isSecretKey(key) ? [] : [[key, redact(child)]])))
  return typeof value === "string" ? stripUrlCredentials(value) : value
}

/** Turns a configuration path into an MLflow key (`config.annotation.model`). */
const toKey = (path: ReadonlyArray<string>): string => path.map(keyPart).join(".")

const render = (value: unknown): string =>
  typeof value === "string" ? stripUrlCredentials(value) : stripUrlCredentials(JSON.stringify(value) ?? String(value))

/** What `configParams` produced. */
export interface ConfigParams {
  /** One param per leaf, keyed by its dotted path under the prefix. */
  readonly params: ReadonlyArray<Param>
  /** Dotted paths dropped because they look like secrets (logged as names only, never values). */
  readonly dropped: ReadonlyArray<string>
}

/**
 * Flattens a configuration value into params (`<prefix>.<path>` = value; arrays as JSON),
 * dropping every subtree whose key looks like a secret and removing URL credentials.
 *
 * @example
 * configParams({ annotation: { model: "gpt", apiKey: "sk-..." } }, "config")
 * // => { params: [{ key: "config.annotation.model", value: "gpt" }], dropped: ["config.annotation.apiKey"] }
 */
export const configParams = (config: unknown, prefix: string): ConfigParams => {
  const params: Array<Param> = []
  const dropped: Array<string> = []
  const visit = (value: unknown, path: ReadonlyArray<string>): void => {
    if (value === undefined || typeof value === "function") return
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (isSecretKey(key)) dropped.push(toKey([...path, key]))
        else visit(child, [...path, key])
      }
      return
    }
    params.push({ key: toKey(path), value: render(value) })
  }
  visit(config, [prefix])
  return { params, dropped }
}
