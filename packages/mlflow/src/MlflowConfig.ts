/**
 * Where the MLflow server is and how to reach it: the tracking URI, credentials and the retry
 * policy. `fromEnv` reads MLflow's own environment variables, so a user's existing setup works.
 */
import { MlflowError } from "./MlflowError.ts"

/** Credentials: HTTP basic (the basic-auth app) or a bearer token (a proxy or a managed server). */
export type MlflowAuth =
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  | { readonly kind: "bearer"; readonly token: string }

/** How failed requests are retried (only where safe: 408, 429, 5xx and dropped connections). */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** First backoff; doubled each attempt, with jitter. */
  readonly baseDelayMs: number
  /** Longest wait between attempts, `Retry-After` included. */
  readonly maxDelayMs: number
}

/** Everything the client needs. */
export interface MlflowConfig {
  /** The tracking server, e.g. `http://127.0.0.1:5000` (user info in it is moved to `auth`). */
  readonly trackingUri: string
  /** Credentials, if the server asks for them. */
  readonly auth?: MlflowAuth
  /** Retry policy; {@link DEFAULT_RETRY} when absent. */
  readonly retry?: RetryPolicy
  /** Per-request timeout for headers and body. */
  readonly timeoutMs?: number
  /** Most open connections to the server. */
  readonly connections?: number
}

/** Four attempts over about two seconds, waits capped at ten seconds. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 }

/** Per-request timeout when none is configured. */
export const DEFAULT_TIMEOUT_MS = 30_000

/** Connections kept to the server when none is configured. */
export const DEFAULT_CONNECTIONS = 8

/** The tracking URI's parts: its origin and path prefix without credentials, and credentials found in it. */
export interface ParsedTrackingUri {
  /** `http(s)://host:port`. */
  readonly origin: string
  /** Path prefix before `/api/...`, without a trailing `/` (usually empty). */
  readonly basePath: string
  /** The URI for messages: no user info, no query. */
  readonly display: string
  /** Basic credentials written as `http://user:password@host`. */
  readonly auth?: MlflowAuth
}

const invalidUri = (message: string): MlflowError =>
  new MlflowError({ reason: "InvalidParameter", endpoint: "MLFLOW_TRACKING_URI", message })

/** Parses a tracking URI; only `http` and `https` servers are spoken to. */
export const parseTrackingUri = (uri: string): ParsedTrackingUri | MlflowError => {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return invalidUri(`The MLflow tracking URI is not a URL; set MLFLOW_TRACKING_URI to e.g. http://127.0.0.1:5000.`)
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return invalidUri(
      `The MLflow tracking URI uses '${url.protocol}'; Strata talks to a tracking server over http(s), e.g. http://127.0.0.1:5000.`
    )
  const basePath = url.pathname.replace(/\/+$/, "")
  const auth: MlflowAuth | undefined =
    url.username !== "" ? { kind: "basic", username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined
  return { origin: url.origin, basePath, display: `${url.origin}${basePath}`, ...(auth === undefined ? {} : { auth }) }
}

/**
 * Reads `MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD` (basic)
 * and `MLFLOW_TRACKING_TOKEN` (bearer, used when no username is set). Returns `undefined`
 * when no tracking URI is set: lineage is then not projected.
 */
export const fromEnv = (env: Readonly<Record<string, string | undefined>> = process.env): MlflowConfig | undefined => {
  const trackingUri = env["MLFLOW_TRACKING_URI"]
  if (trackingUri === undefined || trackingUri === "") return undefined
  const username = env["MLFLOW_TRACKING_USERNAME"]
  const password = env["MLFLOW_TRACKING_PASSWORD"]
  const token = env["MLFLOW_TRACKING_TOKEN"]
  const auth: MlflowAuth | undefined =
    username !== undefined && username !== ""
      ? { kind: "basic", username, password: password ?? "" }
      : token !== undefined && token !== ""
        ? { kind: "bearer", token }
        : undefined
  return auth === undefined ? { trackingUri } : { trackingUri, auth }
}
