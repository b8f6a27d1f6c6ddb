import { Data } from "effect"
import { describe, expect, it } from "vitest"
import type { ExecutionEvent, TaskOutcome } from "../src/Executor.ts"
import { describeOutcome, jsonReporter, terminalReporter } from "../src/Reporter.ts"

const NOW = new Date("2021-09-02T10:00:00.000Z")

const tasks = [
  { id: "raw/docs@2021-09-01", asset: "raw/docs", partition: "2021-09-01" },
  { id: "raw/docs@2021-09-02", asset: "raw/docs", partition: "2021-09-02" },
  { id: "silver/text@2021-09-01", asset: "silver/text", partition: "2021-09-01" },
  { id: "silver/text@2021-09-02", asset: "silver/text", partition: "2021-09-02" }
]

const succeeded: TaskOutcome<unknown> = { _tag: "Succeeded", id: "raw/docs@2021-09-01", attempts: 1, durationMs: 12.4, value: undefined }
/** A failure as the runner reports it: a tagged error, whose message is shown as it is. */
class StorageFull extends Data.TaggedError("StorageFull")<{ readonly message: string }> {}

const failed: TaskOutcome<unknown> = { _tag: "Failed", id: "raw/docs@2021-09-02", attempts: 3, durationMs: 40, error: new StorageFull({ message: "disk full" }) }
const skipped: TaskOutcome<unknown> = { _tag: "Skipped", id: "silver/text@2021-09-02", because: "raw/docs@2021-09-02" }
const cancelled: TaskOutcome<unknown> = { _tag: "Cancelled", id: "silver/text@2021-09-01" }

const events: ReadonlyArray<ExecutionEvent> = [
  { _tag: "Started", id: "raw/docs@2021-09-01", attempt: 1 },
  { _tag: "Finished", outcome: succeeded },
  { _tag: "Started", id: "raw/docs@2021-09-02", attempt: 1 },
  { _tag: "Retrying", id: "raw/docs@2021-09-02", attempt: 1, error: { message: "timeout" }, delayMs: 100 },
  { _tag: "Finished", outcome: failed },
  { _tag: "Finished", outcome: skipped },
  { _tag: "Finished", outcome: cancelled }
]

describe("Reporter.describeOutcome", () => {
  it("says how each outcome ended, naming the error or the failed upstream", () => {
    expect(describeOutcome(succeeded)).toBe("done in 12 ms")
    expect(describeOutcome(failed)).toBe("failed after 3 attempt(s): disk full")
    // Anything else was thrown by code: its class and where it was thrown.
    expect(describeOutcome({ ...failed, error: new TypeError("x is undefined") })).toMatch(/^failed after 3 attempt\(s\): TypeError: x is undefined \(at .*Reporter\.test\.ts:\d+:\d+\)$/)
    expect(describeOutcome(skipped)).toContain("raw/docs@2021-09-02")
    expect(describeOutcome(cancelled)).toContain("stopped")
  })
})

describe("Reporter.jsonReporter", () => {
  const report = () => {
    const written: Array<string> = []
    const reporter = jsonReporter((line) => written.push(line), () => NOW)
    reporter.begin(tasks)
    for (const event of events) reporter.event(event)
    reporter.info("Stopping", { signal: "SIGINT" })
    reporter.end()
    return written
  }

  it("writes one JSON object per line, each with time, level and event", () => {
    const written = report()
    expect(written).toHaveLength(1 + events.length + 1)
    for (const line of written) {
      expect(line.endsWith("\n")).toBe(true)
      expect(line.slice(0, -1)).not.toContain("\n")
      expect(JSON.parse(line)).toMatchObject({ time: NOW.toISOString(), level: expect.any(String), event: expect.any(String) })
    }
  })

  it("names the asset, partition and attempt of each event, and the error of failures", () => {
    const lines = report().map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines[0]).toEqual({ time: NOW.toISOString(), level: "info", event: "plan", tasks: 4 })
    expect(lines[1]).toMatchObject({ level: "info", event: "started", id: "raw/docs@2021-09-01", asset: "raw/docs", partition: "2021-09-01", attempt: 1 })
    expect(lines[2]).toMatchObject({ level: "info", event: "succeeded", asset: "raw/docs", partition: "2021-09-01", message: "done in 12 ms" })
    expect(lines[4]).toMatchObject({ level: "warn", event: "retrying", partition: "2021-09-02", attempt: 1, delayMs: 100, error: "timeout" })
    expect(lines[5]).toMatchObject({ level: "error", event: "failed", asset: "raw/docs", partition: "2021-09-02", message: "failed after 3 attempt(s): disk full" })
    expect(lines[6]).toMatchObject({ level: "error", event: "skipped", asset: "silver/text", partition: "2021-09-02" })
    expect(String(lines[6]?.["message"])).toContain("raw/docs@2021-09-02")
    expect(lines[7]).toMatchObject({ event: "cancelled", asset: "silver/text", partition: "2021-09-01" })
    expect(lines[8]).toMatchObject({ level: "info", event: "message", message: "Stopping", signal: "SIGINT" })
  })
})

describe("Reporter.terminalReporter", () => {
  const strip = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")

  it("draws one progress bar per asset, with counts, and prints failures above the bars", () => {
    let output = ""
    const reporter = terminalReporter({ write: (text) => void (output += text), columns: 100 })
    reporter.begin(tasks)
    for (const event of events) reporter.event(event)
    reporter.end()
    const text = strip(output)
    const lastDraw = text.split("\n").slice(-3)
    expect(lastDraw[0]).toMatch(/^raw\/docs\s+\[█{30}\] 2\/2 {2}1 failed, 0 skipped$/)
    // One skipped, one cancelled by a stop: both are finished, neither succeeded.
    expect(lastDraw[1]).toMatch(/^silver\/text\s+\[█{30}\] 2\/2 {2}0 failed, [12] skipped$/)
    expect(text).toContain("✗ raw/docs@2021-09-02 failed after 3 attempt(s): disk full")
    expect(text).toContain("retrying raw/docs@2021-09-02 (attempt 1): timeout")
    // The bars are redrawn in place (cursor up), not appended forever.
    expect(output).toContain("\x1b[2A")
  })

  it("fills a bar as its asset's partitions finish", () => {
    let output = ""
    const reporter = terminalReporter({ write: (text) => void (output += text) })
    reporter.begin(tasks.slice(0, 2))
    const empty = strip(output)
    expect(empty).toMatch(/\[░{30}\] 0\/2/)
    reporter.event({ _tag: "Finished", outcome: succeeded })
    reporter.event({ _tag: "Finished", outcome: { ...succeeded, id: "raw/docs@2021-09-02" } })
    reporter.end()
    expect(strip(output)).toMatch(/\[█{30}\] 2\/2\n$/)
  })
})
