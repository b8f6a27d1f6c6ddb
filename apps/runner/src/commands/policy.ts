/** `strata policy <role>`: the IAM / MinIO policy of a role of the configuration. */
import { Policy } from "@strata/storage"
import { Effect } from "effect"
import { Argument, Command } from "effect/cli"
import type { Project } from "../Project.ts"
import { UsageError } from "../Project.ts"
import { configFlag, print, projectOf } from "./shared.ts"

/** Bucket name shown when the storage root is a local folder. */
const PLACEHOLDER_BUCKET = "YOUR-BUCKET"

/** The policy document of a role, with the assets of the layers it reads and writes. */
export const rolePolicy = (project: Project, role: string): Effect.Effect<Policy.PolicyDocument, UsageError> => {
  const settings = project.config.roles?.[role]
  if (settings === undefined) {
    const known = Object.keys(project.config.roles ?? {})
    return Effect.fail(
      new UsageError({ message: `Unknown role "${role}" in ${project.file}; ${known.length === 0 ? "declare roles under `roles:` in the configuration" : `known roles: ${known.join(", ")}`}` })
    )
  }
  const assetsOf = (layers: ReadonlyArray<string>) => project.definitions.filter((d) => layers.includes(d.spec.layer)).map((d) => d.spec.key as string)
  const root = project.config.storage.root
  const [bucket, ...prefix] = root.startsWith("s3://") ? root.slice("s3://".length).split("/") : [PLACEHOLDER_BUCKET]
  return Effect.succeed(
    Policy.policyFor(role, { bucket: bucket ?? PLACEHOLDER_BUCKET, prefix: prefix.join("/"), project: project.config.project, reads: assetsOf(settings.reads), writes: assetsOf(settings.writes) })
  )
}

/** `strata policy <role>` */
export const policy = Command.make("policy", { role: Argument.String("role").pipe(Argument.withDescription("A role of the configuration's `roles`")), config: configFlag }, (input) =>
  Effect.gen(function* () {
    const project = yield* projectOf(input.config)
    yield* print(JSON.stringify(yield* rolePolicy(project, input.role), null, 2))
  })
).pipe(Command.withDescription("Print the IAM / MinIO policy JSON of a role (which layers it reads and writes)"))
