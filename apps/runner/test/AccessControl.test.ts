/**
 * Access control against moto's IAM enforcement. A dedicated moto server lets the first few
 * requests through unsigned (the bucket and an administrator), then authorizes every request
 * against IAM. Each role gets an IAM user with the policy `strata policy <role>` prints; the
 * runner materializes each asset as the role that writes its layer, with that role's
 * credentials (keys from the environment, or an AWS profile), and reports a denial with the
 * asset, the partition and the role, without retrying it and without printing any secret.
 */
import { writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam"
import type { AssetKey } from "@strata/core"
import { BlobStore, BlobStoreError, S3Driver } from "@strata/storage"
import { type MotoServer, startMotoServer } from "@strata/testkit"
import { Effect, Exit, type Layer, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { isRetryable, StepError } from "../src/Materializer.ts"
import { loadProject } from "../src/Project.ts"
import * as Roles from "../src/Roles.ts"
import { definitions as fixtureDefinitions } from "./fixtures/access-control/strata.config.ts"
import { type CliResult, jsonLines, makeTemp, removeTemp, runCli, TEST_DIR } from "./support/cli.ts"

/** The chain with a role per layer (crawler: bronze, processing: silver, annotator: gold). */
const CONFIG = resolve(TEST_DIR, "fixtures/access-control/strata.config.ts")
/** Requests moto serves before it enforces IAM: CreateBucket, then CreateUser, PutUserPolicy and CreateAccessKey of the administrator. */
const FREE_SETUP_REQUESTS = 4
/** moto's region. */
const REGION = "us-east-1"
/** The test's bucket and the storage root inside it. */
const BUCKET = "strata-access"
const ROOT = `s3://${BUCKET}/root`
/** The AWS profiles of the credentials file the test writes. */
const ADMIN_PROFILE = "strata-admin"
const PROCESSING_PROFILE = "strata-processing"
const CRAWLER_PROFILE = "strata-crawler"
/** The partition the runs materialize. */
const PARTITION = "2021-01-01"

interface Keys {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

let moto: MotoServer
let temp: string
let admin: Keys
let crawler: Keys
let processing: Keys
/** The AWS variables this worker had before the test pointed them at its credentials file. */
const savedEnv: Record<string, string | undefined> = {}
/** AWS variables the test sets for the in-process driver (the CLI children get their own). */
const AWS_FILE_VARIABLES = ["AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"] as const

const iamClient = (credentials: Keys) => new IAMClient({ endpoint: moto.endpoint, region: REGION, credentials })

const createUser = async (iam: IAMClient, name: string, policy: string | undefined): Promise<Keys> => {
  await iam.send(new CreateUserCommand({ UserName: name }))
  if (policy === undefined) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "admin", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }))
  } else {
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: `strata-${name}`, PolicyDocument: policy }))
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: created.Policy!.Arn! }))
  }
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }))
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }
}

/** The environment of a CLI run against the test bucket. */
const cliEnvironment = (extra: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  STRATA_STORAGE_ROOT: ROOT,
  STRATA_S3_ENDPOINT: moto.endpoint,
  STRATA_S3_FORCE_PATH_STYLE: "true",
  AWS_SHARED_CREDENTIALS_FILE: join(temp, "credentials"),
  AWS_CONFIG_FILE: join(temp, "config"),
  AWS_PROFILE: ADMIN_PROFILE,
  AWS_ACCESS_KEY_ID: "",
  AWS_SECRET_ACCESS_KEY: "",
  AWS_SESSION_TOKEN: "",
  ...extra
})

/** The policy JSON `strata policy <role>` prints for the test's storage root. */
const printedPolicy = async (role: string): Promise<string> => {
  const result = await runCli(["policy", role, "--config", CONFIG], { env: cliEnvironment() })
  expect(result.code, result.stderr).toBe(0)
  return result.stdout
}

/** A BlobStore on the test's root with explicit options (keys or a profile). */
const storeLayer = (access: Pick<S3Driver.S3Options, "credentials" | "profile">) =>
  S3Driver.layer({ bucket: BUCKET, prefix: "root", endpoint: moto.endpoint, region: REGION, forcePathStyle: true, maxAttempts: 1, ...access })

/** Keys under a prefix, listed through `store`. */
const keysOf = (store: Layer.Layer<BlobStore, unknown>, prefix: string) =>
  Effect.runPromise(BlobStore.use((blobs) => Stream.runCollect(blobs.list(prefix))).pipe(Effect.map((infos) => infos.map((info) => info.key)), Effect.provide(store)))

const secretsIn = (result: CliResult): Array<string> =>
  [admin, crawler, processing].map((keys) => keys.secretAccessKey).filter((secret) => `${result.stdout}${result.stderr}`.includes(secret))

beforeAll(async () => {
  moto = await startMotoServer({ env: { INITIAL_NO_AUTH_ACTION_COUNT: String(FREE_SETUP_REQUESTS) } })
  temp = makeTemp("access")
  const bucket = await fetch(`${moto.endpoint}/${BUCKET}`, { method: "PUT" })
  expect(bucket.status).toBe(200)
  admin = await createUser(iamClient({ accessKeyId: "setup", secretAccessKey: "setup" }), "admin", undefined)
  const iam = iamClient(admin)
  const [crawlerPolicy, processingPolicy] = await Promise.all([printedPolicy("crawler"), printedPolicy("processing")])
  crawler = await createUser(iam, "crawler", crawlerPolicy)
  processing = await createUser(iam, "processing", processingPolicy)
  iam.destroy()
  const profile = (name: string, keys: Keys) => `[${name}]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`
  writeFileSync(join(temp, "credentials"), `${profile(ADMIN_PROFILE, admin)}${profile(PROCESSING_PROFILE, processing)}${profile(CRAWLER_PROFILE, crawler)}`)
  writeFileSync(join(temp, "config"), "")
  for (const name of AWS_FILE_VARIABLES) savedEnv[name] = process.env[name]
  process.env["AWS_SHARED_CREDENTIALS_FILE"] = join(temp, "credentials")
  process.env["AWS_CONFIG_FILE"] = join(temp, "config")
})

afterAll(async () => {
  for (const name of AWS_FILE_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name]
    else process.env[name] = savedEnv[name]
  }
  await moto?.stop()
  if (temp !== undefined) removeTemp(temp)
})

describe("access control with moto's IAM enforcement", () => {
  it("a role's store (AWS profile) may write its layer and is denied another layer's folder", async () => {
    const asProcessing = storeLayer({ profile: PROCESSING_PROFILE })
    const put = (key: string) => BlobStore.use((store) => store.put(key, new TextEncoder().encode("x"))).pipe(Effect.provide(asProcessing))
    expect(Exit.isSuccess(await Effect.runPromiseExit(put("chain/chain/squares/probe.txt")))).toBe(true)
    const error = await Effect.runPromise(Effect.flip(put("chain/chain/numbers/probe.txt")))
    expect(error).toMatchObject({ _tag: "BlobStoreError", reason: "AccessDenied", action: "s3:PutObject", key: "chain/chain/numbers/probe.txt" })
    expect(error.message).not.toContain(processing.secretAccessKey)
  })

  it("materializes each layer as its role, and reports a denied role with asset, partition and role, once", async () => {
    const result = await runCli(["materialize", "--partition", PARTITION, "--json", "--config", CONFIG], {
      env: cliEnvironment({
        STRATA_ROLE_CRAWLER_ACCESS_KEY_ID: crawler.accessKeyId,
        STRATA_ROLE_CRAWLER_SECRET_ACCESS_KEY: crawler.secretAccessKey,
        // The annotator is given the processing user's keys, whose policy does not cover gold.
        STRATA_ROLE_ANNOTATOR_ACCESS_KEY_ID: processing.accessKeyId,
        STRATA_ROLE_ANNOTATOR_SECRET_ACCESS_KEY: processing.secretAccessKey
      })
    })
    expect(result.code, result.stderr).toBe(1)
    const lines = jsonLines(result.stdout)
    const outcome = (asset: string) => lines.find((line) => line["asset"] === asset && ["succeeded", "failed", "skipped"].includes(String(line["event"])))
    expect(outcome("chain/numbers")?.["event"]).toBe("succeeded")
    expect(outcome("chain/squares")?.["event"]).toBe("succeeded")
    const failed = outcome("chain/totals")
    expect(failed?.["event"]).toBe("failed")
    expect(failed?.["partition"]).toBe(PARTITION)
    const message = String(failed?.["message"])
    expect(message).toMatch(
      new RegExp(`^failed after 1 attempt\\(s\\): chain/totals@${PARTITION}: role "annotator" is denied s3:\\w+ on ${ROOT}/chain/\\S+: grant it with the policy printed by \`strata policy annotator\`$`)
    )
    expect(fixtureDefinitions.find((definition) => definition.spec.key === "chain/totals")?.spec.retry.maxAttempts).toBeGreaterThan(1)
    expect(lines.filter((line) => line["event"] === "started" && line["asset"] === "chain/totals")).toHaveLength(1)
    expect(secretsIn(result)).toEqual([])

    const asAdmin = storeLayer({ credentials: admin })
    expect(await keysOf(asAdmin, "chain/chain/numbers/")).toContain(`chain/chain/numbers/${PARTITION}/numbers.meta.yaml`)
    expect((await keysOf(asAdmin, "chain/chain/squares/")).filter((key) => key.endsWith(".meta.yaml"))).toHaveLength(1)
    expect(await keysOf(asAdmin, "chain/chain/totals/")).toEqual([])
  })

  it("takes a role's AWS profile from the environment over the configuration's, and is denied what that profile may not do", async () => {
    const result = await runCli(["materialize", "chain/squares", "--partition", PARTITION, "--force", "--json", "--config", CONFIG], {
      env: cliEnvironment({ STRATA_ROLE_PROCESSING_PROFILE: CRAWLER_PROFILE })
    })
    expect(result.code, result.stderr).toBe(1)
    const failed = jsonLines(result.stdout).find((line) => line["event"] === "failed")
    expect(failed).toMatchObject({ asset: "chain/squares", partition: PARTITION })
    expect(String(failed?.["message"])).toContain(`chain/squares@${PARTITION}: role "processing" is denied s3:PutObject on ${ROOT}/chain/`)
    expect(secretsIn(result)).toEqual([])
  })

  it("refuses half a key pair before running anything, naming the variables only", async () => {
    const result = await runCli(["materialize", "chain/numbers", "--partition", PARTITION, "--force", "--config", CONFIG], {
      env: cliEnvironment({ STRATA_ROLE_CRAWLER_ACCESS_KEY_ID: crawler.accessKeyId })
    })
    expect(result.code).toBe(2)
    expect(`${result.stdout}${result.stderr}`).toContain("STRATA_ROLE_CRAWLER_ACCESS_KEY_ID is set but STRATA_ROLE_CRAWLER_SECRET_ACCESS_KEY is not")
    expect(secretsIn(result)).toEqual([])
  })
})

describe("Roles", () => {
  it("reads a role's keys, profile or nothing from the environment, upper-casing its name", async () => {
    const settings = { reads: [], writes: ["gold"], profile: "from-config" }
    const keys = await Effect.runPromise(
      Roles.credentialSource("data-eng", settings, { STRATA_ROLE_DATA_ENG_ACCESS_KEY_ID: "AKID", STRATA_ROLE_DATA_ENG_SECRET_ACCESS_KEY: "SECRET", STRATA_ROLE_DATA_ENG_SESSION_TOKEN: "TOKEN" })
    )
    expect(keys).toEqual({ _tag: "Keys", credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN" } })
    expect(await Effect.runPromise(Roles.credentialSource("data-eng", settings, {}))).toEqual({ _tag: "Profile", profile: "from-config" })
    expect(await Effect.runPromise(Roles.credentialSource("data-eng", settings, { STRATA_ROLE_DATA_ENG_PROFILE: "from-env" }))).toEqual({ _tag: "Profile", profile: "from-env" })
    expect(await Effect.runPromise(Roles.credentialSource("data-eng", { reads: [], writes: [] }, {}))).toEqual({ _tag: "DefaultChain" })
    const partial = await Effect.runPromise(Effect.flip(Roles.credentialSource("data-eng", settings, { STRATA_ROLE_DATA_ENG_SECRET_ACCESS_KEY: "hunter2" })))
    expect(partial.message).toContain("STRATA_ROLE_DATA_ENG_SECRET_ACCESS_KEY is set but STRATA_ROLE_DATA_ENG_ACCESS_KEY_ID is not")
    expect(partial.message).not.toContain("hunter2")
  })

  it("names the first role writing a layer", () => {
    const roles = { a: { reads: [], writes: ["bronze"] }, b: { reads: [], writes: ["bronze", "silver"] } }
    expect(Roles.writerOf(roles, "bronze")).toBe("a")
    expect(Roles.writerOf(roles, "silver")).toBe("b")
    expect(Roles.writerOf(roles, "gold")).toBeUndefined()
  })

  it("checks that some role writes each planned asset and reads its inputs' layers", async () => {
    const project = await Effect.runPromise(loadProject(TEST_DIR, CONFIG, {}))
    const step = (asset: string, inputs: ReadonlyArray<string>) => ({
      asset: asset as AssetKey.AssetKey,
      partition: PARTITION,
      upstream: inputs.map((input) => ({ asset: input as AssetKey.AssetKey, partition: PARTITION }))
    })
    const roles = await Effect.runPromise(Roles.checkedRoles(project))
    const writers = await Effect.runPromise(Roles.writers(project, roles, [step("chain/numbers", []), step("chain/squares", ["chain/numbers"]), step("chain/totals", ["chain/squares"])]))
    expect([...writers]).toEqual([["chain/numbers", "crawler"], ["chain/squares", "processing"], ["chain/totals", "annotator"]])
    const blind = { ...roles, processing: { reads: [], writes: ["silver"] } }
    await expect(Effect.runPromise(Roles.writers(project, blind, [step("chain/squares", ["chain/numbers"])]))).rejects.toThrow(
      `Role "processing" writes chain/squares (layer "silver") but does not read layer "bronze" of its input chain/numbers: add "bronze" to roles.processing.reads`
    )
    const noGold = { crawler: roles["crawler"]!, processing: roles["processing"]! }
    await expect(Effect.runPromise(Roles.writers(project, noGold, [step("chain/totals", ["chain/squares"])]))).rejects.toThrow(`chain/totals is in layer "gold", which no role of`)
    const typo = { ...project, config: { ...project.config, roles: { ...roles, annotator: { reads: ["silver"], writes: ["golden"] } } } }
    await expect(Effect.runPromise(Roles.checkedRoles(typo))).rejects.toThrow(`roles.annotator.writes names "golden", which is not a layer`)
  })

  it("restates a storage denial behind a step's failure as the role's, which is not retried", () => {
    const step = { asset: "chain/totals", partition: PARTITION }
    const denial = new BlobStoreError({ reason: "AccessDenied", key: "chain/_staging/x.jsonl", action: "s3:PutObject", message: "S3 PUT failed: AccessDenied" })
    const failed = new StepError({ reason: "Failed", ...step, message: "m", cause: { _tag: "MaterializeError", cause: denial } })
    const restated = Roles.asDenial("s3://bkt/root", "annotator", step)(failed)
    expect(restated).toMatchObject({ reason: "AccessDenied", ...step, cause: denial })
    expect(restated.message).toBe(
      `chain/totals@${PARTITION}: role "annotator" is denied s3:PutObject on s3://bkt/root/chain/_staging/x.jsonl: grant it with the policy printed by \`strata policy annotator\``
    )
    expect(isRetryable(failed)).toBe(true)
    expect(isRetryable(restated)).toBe(false)
    const unavailable = new StepError({ reason: "Storage", ...step, message: "m", cause: new BlobStoreError({ reason: "Unavailable", key: "k", message: "503" }) })
    expect(Roles.asDenial("s3://bkt/root", "annotator", step)(unavailable)).toBe(unavailable)
  })
})
