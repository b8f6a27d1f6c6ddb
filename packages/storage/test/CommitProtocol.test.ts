import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inject } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as LocalFsDriver from "../src/drivers/local-fs.ts"
import { commitProtocolContract } from "./CommitProtocolContract.ts"
import { makeS3TestStore } from "./S3TestStore.ts"

const target = inject("strataS3")

commitProtocolContract("local-fs", () => LocalFsDriver.layer({ root: mkdtempSync(join(tmpdir(), "strata-commit-")) }), false)

commitProtocolContract(
  "s3",
  () => Layer.unwrap(Effect.promise(() => makeS3TestStore(target, "commit")).pipe(Effect.map((store) => store.layer()))),
  target.ephemeral
)
