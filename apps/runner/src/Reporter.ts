/**
 * Reports execution progress: progress bars, one per asset, redrawn in place on a terminal;
 * one JSON object per line otherwise (CI, Argo, log collectors).
 */
import { describeError } from "./ErrorText.ts"
import type { ExecutionEvent, TaskOutcome } from "./Executor.ts"

/** Where reports go and how. */
export interface Reporter {
  /** Announces the work: the asset of each task id, in plan order. */
  readonly begin: (tasks: ReadonlyArray<{ readonly id: string; readonly asset: string; readonly partition: string }>) => void
  /** One executor event. */
  readonly event: (event: ExecutionEvent) => void
  /** A free-form message with fields (JSON mode keeps the fields). */
  readonly info: (message: string, fields?: Record<string, unknown>) => void
  /** Final redraw; call once when the run ends. */
  readonly end: () => void
}

/** Longest time between two redraws of the progress bars. */
const REDRAW_INTERVAL_MS = 100
/** Width of a progress bar in characters. */
const BAR_WIDTH = 30


/** The error message of a failed outcome, for reports. */
export const describeOutcome = (outcome: TaskOutcome<unknown>): string => {
  switch (outcome._tag) {
    case "Succeeded":
      return `done in ${outcome.durationMs.toFixed(0)} ms`
    case "Failed":
      return `failed after ${outcome.attempts} attempt(s): ${describeError(outcome.error)}`
    case "Skipped":
      return `skipped: upstream ${outcome.because} failed`
    case "Cancelled":
      return "cancelled: the run was stopped before it started"
  }
}

/** JSON Lines on a stream: `{"time","level","event",...}` per line. */
export const jsonReporter = (write: (line: string) => void, now: () => Date = () => new Date()): Reporter => {
  const taskInfo = new Map<string, { asset: string; partition: string }>()
  const line = (level: string, event: string, fields: Record<string, unknown>) =>
    write(`${JSON.stringify({ time: now().toISOString(), level, event, ...fields })}\n`)
  return {
    begin: (tasks) => {
      for (const task of tasks) taskInfo.set(task.id, task)
      line("info", "plan", { tasks: tasks.length })
    },
    event: (event) => {
      switch (event._tag) {
        case "Started":
          return line("info", "started", { ...taskInfo.get(event.id), attempt: event.attempt })
        case "Retrying":
          return line("warn", "retrying", { ...taskInfo.get(event.id), attempt: event.attempt, delayMs: event.delayMs, error: describeError(event.error) })
        case "Finished": {
          const outcome = event.outcome
          const level = outcome._tag === "Succeeded" ? "info" : "error"
          return line(level, outcome._tag.toLowerCase(), { ...taskInfo.get(outcome.id), message: describeOutcome(outcome) })
        }
      }
    },
    info: (message, fields) => line("info", "message", { message, ...fields }),
    end: () => undefined
  }
}

interface AssetProgress {
  total: number
  succeeded: number
  failed: number
  skipped: number
}

/** Progress bars redrawn in place with ANSI escapes; failures are printed above the bars. */
export const terminalReporter = (stream: { write: (text: string) => unknown; columns?: number }): Reporter => {
  const byAsset = new Map<string, AssetProgress>()
  const assetOf = new Map<string, string>()
  let drawnLines = 0
  let lastDraw = 0
  const draw = (force: boolean) => {
    const now = performance.now()
    if (!force && now - lastDraw < REDRAW_INTERVAL_MS) return
    lastDraw = now
    const width = Math.max(...[...byAsset.keys()].map((k) => k.length), 5)
    let text = drawnLines > 0 ? `\x1b[${drawnLines}A` : ""
    for (const [asset, p] of byAsset) {
      const finished = p.succeeded + p.failed + p.skipped
      const filled = p.total === 0 ? BAR_WIDTH : Math.round((finished / p.total) * BAR_WIDTH)
      const problems = p.failed + p.skipped > 0 ? `  \x1b[31m${p.failed} failed, ${p.skipped} skipped\x1b[0m` : ""
      text += `\x1b[2K${asset.padEnd(width)} [${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ${finished}/${p.total}${problems}\n`
    }
    drawnLines = byAsset.size
    stream.write(text)
  }
  const above = (message: string) => {
    stream.write(`${drawnLines > 0 ? `\x1b[${drawnLines}A\x1b[J` : ""}${message}\n`)
    drawnLines = 0
    draw(true)
  }
  return {
    begin: (tasks) => {
      for (const task of tasks) {
        assetOf.set(task.id, task.asset)
        const progress = byAsset.get(task.asset) ?? { total: 0, succeeded: 0, failed: 0, skipped: 0 }
        progress.total++
        byAsset.set(task.asset, progress)
      }
      draw(true)
    },
    event: (event) => {
      if (event._tag === "Retrying") return above(`retrying ${event.id} (attempt ${event.attempt}): ${describeError(event.error)}`)
      if (event._tag !== "Finished") return
      const outcome = event.outcome
      const progress = byAsset.get(assetOf.get(outcome.id) ?? "")
      if (progress === undefined) return
      if (outcome._tag === "Succeeded") progress.succeeded++
      else if (outcome._tag === "Failed") {
        progress.failed++
        above(`\x1b[31m✗ ${outcome.id}\x1b[0m ${describeOutcome(outcome)}`)
      } else progress.skipped++
      draw(false)
    },
    info: (message) => above(message),
    end: () => draw(true)
  }
}
