import { BlobStore, S3Driver } from "./src/index.ts"
import { MOTO_CREDENTIALS, startMotoServer } from "@strata/testkit"
import { Effect, Stream } from "effect"
const moto = await startMotoServer()
await fetch(`${moto.endpoint}/bigb`, { method: "PUT" })
const layer = S3Driver.layer({ bucket: "bigb", endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, uploadConcurrency: Number(process.env.Q ?? 4) })
const chunk = new Uint8Array(1024 * 1024).map((_, i) => i & 0xff)
let peak = 0
let last = 0
const timer = setInterval(() => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); last = m.arrayBuffers }, 20)
const mb = Number(process.env.MB ?? 256)
const t = performance.now()
await Effect.runPromise(Effect.provide(BlobStore.use((s) => s.put("x", Stream.range(1, mb).pipe(Stream.map(() => chunk)))), layer))
console.log("put", mb, (mb / ((performance.now() - t) / 1000)).toFixed(1), "MB/s peak", (peak / 2 ** 20).toFixed(0), "arrayBuffers", (last/2**20).toFixed(0))
clearInterval(timer)
await moto.stop()
