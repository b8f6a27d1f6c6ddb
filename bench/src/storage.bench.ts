/**
 * Storage benchmarks (issue 3):
 * - streamed put and get of a large partition through local-fs and s3 (a moto server started
 *   here): MB/s and this process's peak RSS (target <= 256 MB);
 * - status of many partitions via `CommitProtocol.observe`: LIST requests and time, against
 *   one request per partition.
 *
 * Env: STRATA_BENCH_STORAGE_MB (default 1024), STRATA_BENCH_OBSERVE_PARTITIONS (default
 * 100000, local), STRATA_BENCH_OBSERVE_S3_PARTITIONS (default 5000, S3 sample; moto takes one
 * PUT per marker to fill, so S3 figures for 100,000 are extrapolated from it, and said so).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, request } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { BlobStore, CommitProtocol, DatasetLayout, IndexMarker, LocalFsDriver, S3Driver } from "@strata/storage"
import { MOTO_CREDENTIALS, startMotoServer } from "@strata/testkit"
import { Effect, Layer, Stream } from "effect"

/** Peak RSS target for streaming a large partition. */
const RSS_TARGET_MB = 256

/** Chunk size of the generated partition. */
const CHUNK_BYTES = 1024 * 1024

/** Partitions whose one-request-per-partition status is timed, to extrapolate from. */
const PER_PARTITION_SAMPLE = 200

const MB = 1024 * 1024
const sizeMb = Number(process.env["STRATA_BENCH_STORAGE_MB"] ?? 1024)
const observeLocal = Number(process.env["STRATA_BENCH_OBSERVE_PARTITIONS"] ?? 100_000)
const observeS3 = Number(process.env["STRATA_BENCH_OBSERVE_S3_PARTITIONS"] ?? 5_000)

/** Samples RSS every few milliseconds while `run` goes; returns its time and the peak. */
const measure = async <A>(run: () => Promise<A>): Promise<{ value: A; seconds: number; peakRssMb: number }> => {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20)
  const started = performance.now()
  try {
    const value = await run()
    return { value, seconds: (performance.now() - started) / 1000, peakRssMb: Math.max(peak, process.memoryUsage.rss()) / MB }
  } finally {
    clearInterval(timer)
  }
}

const body = (): Stream.Stream<Uint8Array> => {
  const chunk = new Uint8Array(CHUNK_BYTES).map((_, i) => (i * 31) & 0xff)
  return Stream.range(1, sizeMb).pipe(Stream.map(() => chunk))
}

const putGet = async (name: string, layer: Layer.Layer<BlobStore, unknown>) => {
  const put = await measure(() => Effect.runPromise(Effect.provide(BlobStore.use((store) => store.put("bench/large.bin", body())), layer)))
  const get = await measure(() =>
    Effect.runPromise(Effect.provide(BlobStore.use((store) => Stream.runFold(store.get("bench/large.bin"), () => 0, (n, chunk) => n + chunk.length)), layer))
  )
  if (get.value !== sizeMb * MB) throw new Error(`${name}: read ${get.value} bytes, wrote ${sizeMb * MB}`)
  const line = (what: string, m: { seconds: number; peakRssMb: number }) =>
    console.log(`${name} ${what} ${sizeMb} MB: ${(sizeMb / m.seconds).toFixed(0)} MB/s, peak RSS ${m.peakRssMb.toFixed(0)} MB (target <= ${RSS_TARGET_MB} MB)`)
  line("put", put)
  line("get", get)
}

/** A pass-through HTTP proxy that counts requests by method (to count LIST calls exactly). */
const countingProxy = async (target: string) => {
  const upstream = new URL(target)
  const counts = { list: 0, other: 0 }
  const server = createServer((incoming, outgoing) => {
    if (incoming.method === "GET" && (incoming.url ?? "").includes("list-type=2")) counts.list += 1
    else counts.other += 1
    const proxied = request({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers)
      response.pipe(outgoing)
    })
    incoming.pipe(proxied)
  })
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen))
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts, stop: () => new Promise<void>((r) => server.close(() => r())) }
}

const partitionKey = (i: number) => `p${String(i).padStart(6, "0")}`

const markerName = (i: number) =>
  IndexMarker.name({
    _tag: "Committed",
    partition: partitionKey(i),
    codeVersion: "c1",
    dataVersion: "0123456789abcdef0123456789abcdef01234567",
    inputsDigest: "fedcba9876543210fedcba9876543210fedcba98",
    bytes: 1000 + i,
    sidecarPath: `${partitionKey(i)}/d.meta.yaml`
  })

const observeCount = (layer: Layer.Layer<BlobStore, unknown>) =>
  Effect.runPromise(Effect.provide(Stream.runCount(CommitProtocol.observe("proj", "silver/docs")), layer))

/** One HEAD per partition (the sidecar), the way status works without index markers. */
const perPartition = (layer: Layer.Layer<BlobStore, unknown>, count: number) =>
  Effect.runPromise(
    Effect.provide(
      BlobStore.use((store) =>
        Effect.forEach(
          Array.from({ length: count }, (_, i) => i),
          (i) => store.head(`proj/silver/docs/${partitionKey(i)}/d.meta.yaml`),
          { concurrency: 16, discard: true }
        )
      ),
      layer
    )
  )

export default async function (): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "strata-bench-"))
  const moto = await startMotoServer()
  try {
    const local = LocalFsDriver.layer({ root })
    await putGet("local-fs", local)
    rmSync(join(root, "bench"), { recursive: true, force: true })

    // moto accepts an unsigned CreateBucket; the bench has no SDK of its own.
    const created = await fetch(`${moto.endpoint}/bench`, { method: "PUT" })
    if (!created.ok) throw new Error(`Could not create the bench bucket: HTTP ${created.status}`)
    const s3 = (endpoint: string) => S3Driver.layer({ bucket: "bench", endpoint, credentials: MOTO_CREDENTIALS })
    await putGet("s3 (moto)", s3(moto.endpoint))

    // Status from index markers, local: markers written straight to disk, then observed.
    const indexFolder = join(root, DatasetLayout.internalPrefix("index", "proj", "silver/docs"))
    mkdirSync(indexFolder, { recursive: true })
    for (let i = 0; i < observeLocal; i++) writeFileSync(join(indexFolder, markerName(i)), "")
    const localObserve = await measure(() => observeCount(local))
    const localSample = await measure(() => perPartition(local, PER_PARTITION_SAMPLE))
    console.log(
      `local-fs observe ${localObserve.value} partitions: ${localObserve.seconds.toFixed(2)} s; one request per partition: ` +
        `${((localSample.seconds / PER_PARTITION_SAMPLE) * observeLocal).toFixed(2)} s (extrapolated from ${PER_PARTITION_SAMPLE})`
    )

    // Status from index markers, S3: LIST calls counted at the HTTP level.
    const prefix = DatasetLayout.internalPrefix("index", "proj", "silver/docs")
    await Effect.runPromise(
      Effect.provide(
        BlobStore.use((store) =>
          Effect.forEach(
            Array.from({ length: observeS3 }, (_, i) => i),
            (i) => store.put(`${prefix}${markerName(i)}`, new Uint8Array(0)),
            { concurrency: 32, discard: true }
          )
        ),
        s3(moto.endpoint)
      )
    )
    const proxy = await countingProxy(moto.endpoint)
    const viaProxy = s3(proxy.endpoint)
    const s3Observe = await measure(() => observeCount(viaProxy))
    const listCalls = proxy.counts.list
    proxy.counts.other = 0
    const s3Sample = await measure(() => perPartition(viaProxy, PER_PARTITION_SAMPLE))
    const perRequest = s3Sample.seconds / PER_PARTITION_SAMPLE
    const scale = 100_000 / observeS3
    console.log(
      `s3 observe ${s3Observe.value} partitions: ${listCalls} LIST requests, ${s3Observe.seconds.toFixed(2)} s ` +
        `(target: about one LIST per 1,000 partitions); one request per partition: ${observeS3} requests, ` +
        `${(perRequest * observeS3).toFixed(2)} s (timed on ${PER_PARTITION_SAMPLE}, ${proxy.counts.other} requests, at concurrency 16)`
    )
    console.log(
      `s3 at 100,000 partitions (extrapolated linearly from ${observeS3}): ${Math.ceil(listCalls * scale)} LIST requests, ` +
        `${(s3Observe.seconds * scale).toFixed(1)} s, against 100,000 requests, ${(perRequest * 100_000).toFixed(1)} s`
    )
    await proxy.stop()
  } finally {
    await moto.stop()
    rmSync(root, { recursive: true, force: true })
  }
}
