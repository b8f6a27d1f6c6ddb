import { Data } from "effect"
import { describe, expect, it } from "vitest"
import { describeError, errorText, thrownAt } from "../src/ErrorText.ts"

class Tagged extends Data.TaggedError("Tagged")<{ readonly message: string }> {}

/** An error whose stack is `frames` under its first line. */
const withStack = (error: Error, frames: ReadonlyArray<string>): Error => {
  error.stack = [`${error.name}: ${error.message}`, ...frames.map((frame) => `    at ${frame}`)].join("\n")
  return error
}

describe("ErrorText", () => {
  it("finds where an error was thrown: the first frame outside Node and node_modules", () => {
    const error = withStack(new TypeError("x is undefined"), [
      "Array.map (<anonymous>)",
      "node:internal/streams/readable:12:3",
      "Object.run (/repo/node_modules/effect/dist/Stream.js:10:5)",
      "materialize (file:///repo/strata.config.ts:7:51)",
      "file:///repo/apps/runner/src/Materializer.ts:400:9"
    ])
    expect(thrownAt(error)).toBe("file:///repo/strata.config.ts:7:51")
    expect(thrownAt(withStack(new Error("deep"), ["node:internal/x:1:1", "f (/repo/node_modules/y/index.js:2:2)"]))).toBeUndefined()
  })

  it("shows a thrown error's class, message and location; a tagged error's message as it is", () => {
    const thrown = withStack(new RangeError("too far"), ["step (/work/app/assets.ts:12:3)"])
    expect(describeError(thrown)).toBe("RangeError: too far (at /work/app/assets.ts:12:3)")
    expect(describeError(withStack(new Error("no frame"), []))).toBe("Error: no frame")
    expect(describeError(new Tagged({ message: "chain/a@2021-01-01: storage refused the write; check the role" }))).toBe(
      "chain/a@2021-01-01: storage refused the write; check the role"
    )
    expect(describeError({ message: "a plain object" })).toBe("a plain object")
    expect(errorText("a string")).toBe("a string")
  })
})
