/**
 * Access per role. The configuration's `roles` say which layers each role reads and writes;
 * a planned step runs with the store of the role that writes its asset's layer, built once per
 * run from that role's own credentials, so storage enforces the role's policy (the one
 * `strata policy <role>` prints). A denial names the asset, the partition, the role, the
 * action and the object, and is never retried. Secrets are read from the environment and handed
 * to the store; nothing here ever prints them.
 *
 * Where a role's credentials come from, first match wins:
 * 1. `STRATA_ROLE_<ROLE>_ACCESS_KEY_ID` and `STRATA_ROLE_<ROLE>_SECRET_ACCESS_KEY` (optionally
 *    `..._SESSION_TOKEN`), the role's name upper-cased with `-` as `_`;
 * 2. the AWS profile `STRATA_ROLE_<ROLE>_PROFILE`, else the role's `profile` in the configuration;
 * 3. the default chain: the store the rest of the run uses.
 */
import { Layer as AssetLayer } from "@strata/core"
import type { AssetKey, Planner } from "@strata/core"
import { BlobStore, BlobStoreError } from "@strata/storage"
import { type Context, Effect, Layer, type Scope } from "effect"
import { StepError, uriOf } from "./Materializer.ts"
import { type Project, storageLayer, UsageError } from "./Project.ts"
import type { RoleSettings } from "./StrataConfig.ts"

/** Suffix of the variable holding a role's access key id. */
export const ACCESS_KEY_ID_SUFFIX = "ACCESS_KEY_ID"
/** Suffix of the variable holding a role's secret access key. */
export const SECRET_ACCESS_KEY_SUFFIX = "SECRET_ACCESS_KEY"
/** Suffix of the variable holding a role's session token (temporary credentials). */
export const SESSION_TOKEN_SUFFIX = "SESSION_TOKEN"
/** Suffix of the variable naming a role's AWS profile (overrides the configuration's `profile`). */
export const PROFILE_SUFFIX = "PROFILE"

/** How many `cause` links a denial is looked for through (step, materialize error, storage error). */
const MAX_CAUSE_DEPTH = 4

/** Where a role's credentials come from. */
export type CredentialSource =
  | { readonly _tag: "Keys"; readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } }
  | { readonly _tag: "Profile"; readonly profile: string }
  | { readonly _tag: "DefaultChain" }

/** A step as the roles see it: its asset, partition and the upstream partitions it reads. */
export type Step = Pick<Planner.PlanStep, "asset" | "partition" | "upstream">

/** An asset-partition, as messages name it. */
export interface StepId {
  readonly asset: string
  readonly partition: string
}

/** Which role each planned step runs as, and that role's store. */
export interface RoleStores {
  /** Runs a step's materialization with the store of the role writing its asset, naming the role when access is denied. */
  readonly asWriter: <A>(step: StepId, materialize: Effect.Effect<A, StepError, BlobStore>) => Effect.Effect<A, StepError, BlobStore>
}

/** No roles configured: every step runs with the run's store, untouched. */
export const none: RoleStores = { asWriter: (_, materialize) => materialize }

/** The prefix of a role's variables: `STRATA_ROLE_<ROLE>_` (`data-eng` becomes `DATA_ENG`). */
export const envPrefix = (role: string): string => `STRATA_ROLE_${role.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_`

/** The first role (in configuration order) whose `writes` lists `layer`, if any. */
export const writerOf = (roles: Readonly<Record<string, RoleSettings>>, layer: string): string | undefined =>
  Object.entries(roles).find(([, settings]) => settings.writes.includes(layer))?.[0]

/** Where `role`'s credentials come from (see the module's order); fails when only part of a key pair is set. */
export const credentialSource = (
  role: string,
  settings: RoleSettings,
  env: Readonly<Record<string, string | undefined>>
): Effect.Effect<CredentialSource, UsageError> => {
  const prefix = envPrefix(role)
  const read = (suffix: string) => {
    const value = env[`${prefix}${suffix}`]
    return value === undefined || value === "" ? undefined : value
  }
  const accessKeyId = read(ACCESS_KEY_ID_SUFFIX)
  const secretAccessKey = read(SECRET_ACCESS_KEY_SUFFIX)
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const sessionToken = read(SESSION_TOKEN_SUFFIX)
    return Effect.succeed({ _tag: "Keys", credentials: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) } })
  }
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    const [set, missing] = accessKeyId !== undefined ? [ACCESS_KEY_ID_SUFFIX, SECRET_ACCESS_KEY_SUFFIX] : [SECRET_ACCESS_KEY_SUFFIX, ACCESS_KEY_ID_SUFFIX]
    return Effect.fail(new UsageError({ message: `Role "${role}": ${prefix}${set} is set but ${prefix}${missing} is not; set both, or neither to use the role's profile or the default credentials` }))
  }
  const profile = read(PROFILE_SUFFIX) ?? settings.profile
  return Effect.succeed(profile !== undefined && profile !== "" ? { _tag: "Profile", profile } : { _tag: "DefaultChain" })
}

/** The role settings of a configuration, checked: lists of known layers and an optional profile name. */
export const checkedRoles = (project: Project): Effect.Effect<Readonly<Record<string, RoleSettings>>, UsageError> =>
  Effect.gen(function* () {
    const roles = project.config.roles ?? {}
    for (const [role, settings] of Object.entries(roles as Record<string, unknown>)) {
      const field = `roles.${role}`
      const invalid = (what: string) => new UsageError({ message: `${project.file}: ${field}${what}` })
      if (typeof settings !== "object" || settings === null) return yield* invalid(` must be { reads: [layers], writes: [layers], profile? }`)
      const { reads, writes, profile } = settings as Partial<Record<keyof RoleSettings, unknown>>
      for (const [name, layers] of [["reads", reads], ["writes", writes]] as const) {
        if (!Array.isArray(layers)) return yield* invalid(`.${name} must be a list of layers (${AssetLayer.all.join(", ")}); got ${JSON.stringify(layers)}`)
        const unknown = layers.find((layer) => typeof layer !== "string" || !AssetLayer.isLayer(layer))
        if (unknown !== undefined) return yield* invalid(`.${name} names ${JSON.stringify(unknown)}, which is not a layer; use ${AssetLayer.all.join(", ")}`)
      }
      if (profile !== undefined && (typeof profile !== "string" || profile === "")) return yield* invalid(`.profile must be the name of an AWS profile; got ${JSON.stringify(profile)}`)
    }
    return roles
  })

/**
 * The writing role of every planned asset, checked: some role writes the asset's layer and
 * that role reads (or writes) the layer of every input the steps read.
 */
export const writers = (
  project: Project,
  roles: Readonly<Record<string, RoleSettings>>,
  steps: ReadonlyArray<Step>
): Effect.Effect<ReadonlyMap<string, string>, UsageError> =>
  Effect.gen(function* () {
    const layerOf = (asset: AssetKey.AssetKey) => project.graph.definitions.get(asset)?.spec.layer ?? "unknown"
    const byAsset = new Map<string, string>()
    for (const step of steps) {
      const layer = layerOf(step.asset)
      let role = byAsset.get(step.asset)
      if (role === undefined) {
        role = writerOf(roles, layer)
        if (role === undefined) {
          return yield* new UsageError({
            message: `${step.asset} is in layer "${layer}", which no role of ${project.file} writes: add "${layer}" to the writes of the role that materializes it (roles: ${Object.keys(roles).join(", ")})`
          })
        }
        byAsset.set(step.asset, role)
      }
      const settings = roles[role]!
      for (const input of step.upstream) {
        const inputLayer = layerOf(input.asset)
        if (!settings.reads.includes(inputLayer) && !settings.writes.includes(inputLayer)) {
          return yield* new UsageError({
            message: `Role "${role}" writes ${step.asset} (layer "${layer}") but does not read layer "${inputLayer}" of its input ${input.asset}: add "${inputLayer}" to roles.${role}.reads in ${project.file}`
          })
        }
      }
    }
    return byAsset
  })

/** The AccessDenied storage error behind a failure (through its causes), if that is what it is. */
export const denialOf = (error: unknown): BlobStoreError | undefined => {
  let current = error
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && typeof current === "object" && current !== null; depth++) {
    if (current instanceof BlobStoreError) return current.reason === "AccessDenied" ? current : undefined
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

/** A step's failure, restated as a denial of `role` when storage denied it access. */
export const asDenial = (root: string, role: string, step: StepId) => (error: StepError): StepError => {
  const denial = denialOf(error)
  if (denial === undefined) return error
  return new StepError({
    reason: "AccessDenied",
    asset: step.asset,
    partition: step.partition,
    message: `${step.asset}@${step.partition}: role "${role}" is denied ${denial.action ?? "access"} on ${uriOf(root, denial.key)}: grant it with the policy printed by \`strata policy ${role}\``,
    cause: denial
  })
}

/**
 * The role stores of a run: checks the roles against the planned steps, then builds, in the
 * caller's scope, one store per writing role with its own credentials (a role on the default
 * chain, or any role on a local root, shares the run's store). {@link none} when the
 * configuration has no roles.
 */
export const make = (
  project: Project,
  steps: ReadonlyArray<Step>,
  env: Readonly<Record<string, string | undefined>> = process.env
): Effect.Effect<RoleStores, UsageError | BlobStoreError, Scope.Scope> =>
  project.config.roles === undefined || Object.keys(project.config.roles).length === 0
    ? Effect.succeed(none)
    : Effect.gen(function* () {
        const roles = yield* checkedRoles(project)
        const byAsset = yield* writers(project, roles, steps)
        const onS3 = project.config.storage.root.startsWith("s3://")
        const stores = new Map<string, Context.Context<BlobStore> | undefined>()
        for (const role of new Set(byAsset.values())) {
          const source = yield* credentialSource(role, roles[role]!, env)
          const access = source._tag === "Keys" ? { credentials: source.credentials } : source._tag === "Profile" ? { profile: source.profile } : undefined
          stores.set(role, onS3 && access !== undefined ? yield* Layer.build(storageLayer(project.config, access)) : undefined)
        }
        const root = project.config.storage.root
        return {
          asWriter: (step, materialize) => {
            const role = byAsset.get(step.asset)
            if (role === undefined) return materialize
            const store = stores.get(role)
            return (store === undefined ? materialize : Effect.provideContext(materialize, store)).pipe(Effect.mapError(asDenial(root, role, step)))
          }
        } satisfies RoleStores
      })
