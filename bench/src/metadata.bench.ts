/**
 * Profiling and hashing overhead (issue 4): JSON-Lines-encoding and writing 100,000 realistic
 * rows (url, title, content of a few KB) to a temp file, plainly and then with the one-pass
 * profiler and the streamed SHA-1 on the way. Target: at most 15 % overhead.
 *
 *   STRATA_BENCH_METADATA_ROWS=10000 node src/main.ts metadata   # smaller run
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Profiler, Sha1Stream } from "@strata/metadata"

/** Rows written per pass (issue 4 asks for 100,000). */
const ROWS = Number(process.env["STRATA_BENCH_METADATA_ROWS"] ?? 100_000)

/** Approximate content length per row, in characters ("a few KB"). */
const CONTENT_CHARACTERS = 3_000

/** Distinct contents generated; rows cycle through them (keeps generation out of the timings). */
const DISTINCT_CONTENTS = 4_000

/** Characters buffered before one write, like a streamed upload part. */
const WRITE_CHUNK_CHARACTERS = 1 << 20

/** Timed repetitions of each pass; the fastest is reported. */
const REPETITIONS = Number(process.env["STRATA_BENCH_METADATA_REPETITIONS"] ?? 3)

/** Target from issue 4: profiling + hashing at most this much slower than plain writing. */
const TARGET_OVERHEAD_PERCENT = 15

/** Words of the generated text: mostly ASCII with typographic quotes, accents, CJK and a rare emoji. */
const WORDS = [
  "the", "data", "model", "partition", "asset", "lineage", "training", "pipeline", "quality", "check",
  "storage", "version", "annotation", "label", "crawler", "document", "page", "news", "market", "report",
  "it’s", "“quoted”", "café", "naïve", "—", "résumé", "東京", "数据", "2021", "and", "of", "to", "in"
]

/** A small deterministic generator (LCG) so that every run writes the same bytes. */
const generator = (seed: number) => {
  let state = seed >>> 0
  return (bound: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state % bound
  }
}

/** Builds the rows: unique URLs, short titles, contents of a few KB (1 in 50 with an emoji). */
const makeRows = (): ReadonlyArray<{ url: string; title: string; content: string }> => {
  const next = generator(7)
  const sentence = (words: number) => Array.from({ length: words }, () => WORDS[next(WORDS.length)]).join(" ")
  const contents = Array.from({ length: DISTINCT_CONTENTS }, (_, i) => {
    const parts: Array<string> = []
    let length = 0
    while (length < CONTENT_CHARACTERS) {
      const part = `${sentence(12)}${i % 50 === 0 && parts.length === 3 ? " 🙂" : ""}.`
      parts.push(part)
      length += part.length + 1
    }
    return parts.join(" ")
  })
  return Array.from({ length: ROWS }, (_, i) => ({
    url: `https://news.example.com/${2021 + (i % 3)}/${(i % 12) + 1}/article-${i}.html`,
    title: sentence(6),
    content: contents[i % DISTINCT_CONTENTS]!
  }))
}

/**
 * Encodes the rows as JSON Lines into a file, calling the hooks on each row and each written
 * chunk; returns the process CPU time (user + system, ms), which other processes sharing the
 * machine disturb far less than wall-clock time.
 */
const writePass = (
  path: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  onRow: ((row: Record<string, unknown>) => void) | undefined,
  onChunk: ((chunk: Uint8Array) => void) | undefined
): number => {
  const start = process.cpuUsage()
  const fd = openSync(path, "w")
  let pending: Array<string> = []
  let pendingCharacters = 0
  const flush = () => {
    const chunk = Buffer.from(pending.join(""))
    writeSync(fd, chunk)
    onChunk?.(chunk)
    pending = []
    pendingCharacters = 0
  }
  for (const row of rows) {
    onRow?.(row)
    const line = `${JSON.stringify(row)}\n`
    pending.push(line)
    pendingCharacters += line.length
    if (pendingCharacters >= WRITE_CHUNK_CHARACTERS) flush()
  }
  if (pending.length > 0) flush()
  closeSync(fd)
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

/** Runs the issue-4 benchmark and prints its figures. */
export default async function (): Promise<void> {
  const rows = makeRows()
  const directory = mkdtempSync(join(tmpdir(), "strata-metadata-bench-"))
  const path = join(directory, "rows.jsonl")
  const columns = ["url", "title", "content"]
  const fastest = { plain: Infinity, profiled: Infinity, profileOnly: Infinity, hashOnly: Infinity }
  let digest: Sha1Stream.Digest | undefined
  let profile: Profiler.Profile | undefined
  try {
    writePass(path, rows, undefined, undefined)
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      fastest.plain = Math.min(fastest.plain, writePass(path, rows, undefined, undefined))
      const profiler = Profiler.make(columns, { sampleSize: 5, seed: 1 })
      const hash = Sha1Stream.make()
      fastest.profiled = Math.min(fastest.profiled, writePass(path, rows, profiler.add, hash.update))
      profile = profiler.result()
      digest = hash.digest()
      const profilerOnly = Profiler.make(columns, { sampleSize: 5, seed: 1 })
      fastest.profileOnly = Math.min(fastest.profileOnly, writePass(path, rows, profilerOnly.add, undefined))
      fastest.hashOnly = Math.min(fastest.hashOnly, writePass(path, rows, undefined, Sha1Stream.make().update))
    }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
  const percent = (time: number) => ((time / fastest.plain - 1) * 100).toFixed(1)
  const megabytes = ((digest?.bytes ?? 0) / 1e6).toFixed(0)
  console.log(`rows: ${ROWS}, ${megabytes} MB of JSON Lines, fastest of ${REPETITIONS}, CPU time`)
  console.log(`plain encode + write:            ${fastest.plain.toFixed(0)} ms`)
  console.log(`with profile + SHA-1:            ${fastest.profiled.toFixed(0)} ms  overhead ${percent(fastest.profiled)} % (target <= ${TARGET_OVERHEAD_PERCENT} %)`)
  console.log(`  profile only:                  ${fastest.profileOnly.toFixed(0)} ms  overhead ${percent(fastest.profileOnly)} %`)
  console.log(`  SHA-1 only:                    ${fastest.hashOnly.toFixed(0)} ms  overhead ${percent(fastest.hashOnly)} %`)
  const content = profile?.statistics.perColumn.find((column) => column.name === "content")
  console.log(`content: approx distinct ${content?.approxDistinct} (exact ${Math.min(ROWS, DISTINCT_CONTENTS)}), mean length ${content?.length?.mean} code points`)
}
