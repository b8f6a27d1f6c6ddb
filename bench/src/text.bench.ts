/**
 * Text normalization throughput (issue 6): wink tokens per CPU second (one core) for the article's
 * v1 and v2 rule sets over generated documents, and peak memory over a large partition streamed
 * row by row.
 *
 * Sizes: TEXT_BENCH_DOCS (documents per throughput run, default 2,000 of about 250 tokens),
 * TEXT_BENCH_PARTITION_DOCS (documents streamed for peak memory, default 50,000).
 */
import { Reading, RuleSet, normalizeRows, normalizer } from "@strata/text"
import { Effect, Stream } from "effect"

/** Target throughput of v1, wink tokens per second on one core. */
const v1TargetTokensPerSecond = 300_000
/** Documents per throughput run. */
const throughputDocs = Number(process.env["TEXT_BENCH_DOCS"] ?? 2_000)
/** Documents streamed through normalization for the peak-memory figure. */
const partitionDocs = Number(process.env["TEXT_BENCH_PARTITION_DOCS"] ?? 50_000)
/** Words per generated document (wink reads about 1.2 tokens per word with the punctuation). */
const wordsPerDoc = 200
/** Seed of the deterministic document generator. */
const seed = 20240906

const vocabulary = (
  "the a of and to in is was were are be been being have has had do does did say said go went make made " +
  "know knew take took see saw come came think thought look looked want wanted give gave use used find found " +
  "time year people way day man woman child world life hand part place case week company system program question " +
  "work government number night point home water room mother area money story fact month lot right study book eye " +
  "job word business issue side kind head house service friend father power hour game line end member law car city " +
  "don't it's can't we're they've John's running quickly happily beautiful data pipeline model normalization"
).split(" ")
const extras = ["3.14", "1,000", "42", "2nd", "$5", "€3", "©", "https://example.com/a?b=1", "x.y@example.org", "#tag", "@user", "👍🏽", "👩🏽‍💻", "🇫🇷", "café", "naïve"]
const punctuation = [",", ".", "!", "?", ";", ":", " -", " (", ")"]

/** A deterministic generator of English-like documents (linear congruential, no Math.random). */
const documents = function* (count: number): Generator<string> {
  let state = seed
  const next = (bound: number): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state % bound
  }
  for (let d = 0; d < count; d += 1) {
    let text = ""
    for (let w = 0; w < wordsPerDoc; w += 1) {
      const roll = next(100)
      const word = roll < 4 ? (extras[next(extras.length)] as string) : (vocabulary[next(vocabulary.length)] as string)
      text += (w === 0 ? "" : " ") + word
      if (roll > 88) text += punctuation[next(punctuation.length)] as string
      if (roll === 99) text += "\n\n"
    }
    yield text
  }
}

const articleConfig = {
  v1: ["remove_punctuation", "remove_special_characters"],
  v2: ["remove_special_characters", { rule: "lemmatize", params: { mode: "verbs" } }],
}

const format = (n: number): string => Math.round(n).toLocaleString("en-US")

/**
 * CPU seconds (user + system) of this process since `since`: the one-core figure, which wall
 * time overstates when other processes share the machine.
 */
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1_000_000
}

export default async function (): Promise<void> {
  const versions = await Effect.runPromise(RuleSet.fromConfig(articleConfig))
  const docs = [...documents(throughputDocs)]
  const tokens = docs.reduce((sum, doc) => sum + Reading.read(doc, new Set(), (reading) => reading.winkTokens), 0)
  console.log(`documents: ${format(docs.length)}, wink tokens: ${format(tokens)} (${format(tokens / docs.length)} per document)`)

  for (const version of ["v1", "v2"] as const) {
    const set = versions[version] as RuleSet.RuleSet
    const normalize = normalizer(set)
    for (const doc of docs.slice(0, 200)) normalize(doc)
    const started = performance.now()
    const cpuStarted = process.cpuUsage()
    let characters = 0
    for (const doc of docs) characters += normalize(doc).length
    const seconds = cpuSeconds(cpuStarted)
    const wall = (performance.now() - started) / 1000
    const rate = tokens / seconds
    const target = version === "v1" ? ` (target >= ${format(v1TargetTokensPerSecond)}: ${rate >= v1TargetTokensPerSecond ? "met" : "MISSED"})` : " (no target)"
    console.log(`${version} [${[...set.annotations].join(",") || "tokenize only"}]: ${format(rate)} tokens/s, ${format(docs.length / seconds)} docs/s, ${seconds.toFixed(2)} s CPU (${wall.toFixed(2)} s wall), ${format(characters)} chars out${target}`)
  }

  const rssBefore = process.memoryUsage().rss
  const started = process.cpuUsage()
  const rows = Stream.fromIterable(
    (function* () {
      let id = 0
      for (const content of documents(partitionDocs)) yield { id: (id += 1), content }
    })(),
  )
  const count = await Effect.runPromise(
    rows.pipe(normalizeRows(versions["v1"] as RuleSet.RuleSet, { field: "content", into: "normalized" }), Stream.runCount),
  )
  const seconds = cpuSeconds(started)
  const peakMb = process.resourceUsage().maxRSS / 1024
  console.log(
    `partition: ${format(count)} documents streamed through v1 in ${seconds.toFixed(1)} s CPU (${format((count * (tokens / docs.length)) / seconds)} tokens/s); RSS before ${format(rssBefore / 1024 / 1024)} MB, peak RSS ${format(peakMb)} MB (target: flat in the partition size, no buffering of rows)`,
  )
}
