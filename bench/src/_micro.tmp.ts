import { readFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Profiler, Sidecar } from "@strata/metadata"
import { BlobStore, CommitProtocol, DatasetLayout, LocalFsDriver } from "@strata/storage"
import { Effect, Stream } from "effect"
const N = 200
const time = async (label: string, f: (i: number) => unknown) => {
  const t = performance.now()
  for (let i = 0; i < N; i++) await f(i)
  console.log(`${label.padEnd(40)} ${((performance.now() - t) / N).toFixed(3)} ms per call`)
}
const text = readFileSync(process.argv[2]!, "utf8")
const sidecar = await Effect.runPromise(Sidecar.decode(text.split("\n# strata-commit")[0]!, "x"))
await time("Sidecar.encode", () => Sidecar.encode(sidecar))
await time("Profiler 10 rows x 2 cols + result", () => { const p = Profiler.make(["day", "n"]); for (let i = 0; i < 10; i++) p.add({ day: "2021-01-01", n: i }); return p.result() })
const root = mkdtempSync(join(tmpdir(), "strata-micro-"))
const store = await Effect.runPromise(LocalFsDriver.make({ root }))
const bytes = new TextEncoder().encode("x".repeat(200))
await time("local put (fsync file + folder)", (i) => Effect.runPromise(store.put(`p/k${i % 20}/obj`, bytes)))
await time("local head", (i) => Effect.runPromise(store.head(`p/k${i % 20}/obj`)))
await time("local list of a 1-object prefix", (i) => Effect.runPromise(Stream.runCollect(store.list(`p/k${i % 20}/`))))
await time("CommitProtocol stage + commit", (i) => Effect.runPromise(Effect.gen(function* () {
  const layout = yield* DatasetLayout.make({ project: "m", asset: "a/b", partition: `2021-01-${String(i % 28 + 1).padStart(2, "0")}`, partitionPath: `p${i}`, dataset: "d", ext: "jsonl" })
  const staged = yield* CommitProtocol.stage(layout, Stream.make(bytes))
  yield* CommitProtocol.commit(staged, { sidecar: () => bytes, marker: { codeVersion: "1", dataVersion: staged.sha1, inputsDigest: "x" } })
}).pipe(Effect.provideService(BlobStore, store))))
