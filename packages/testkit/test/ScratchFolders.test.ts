import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, dirname, join } from "node:path"
import { describe, expect, it } from "vitest"
import { scratchFolders } from "../src/ScratchFolders.ts"

describe("scratchFolders", () => {
  it("makes fresh empty folders under the temporary folder, named by the prefix", () => {
    const scratch = scratchFolders("strata-scratch-test-")
    const first = scratch.make()
    const second = scratch.make()
    expect(first).not.toBe(second)
    expect(dirname(first)).toBe(tmpdir())
    expect(basename(first).startsWith("strata-scratch-test-")).toBe(true)
    expect(readdirSync(first)).toEqual([])
    scratch.removeAll()
  })

  it("removes every folder it made, with its contents, and tolerates one already gone", () => {
    const scratch = scratchFolders("strata-scratch-test-")
    const full = scratch.make()
    writeFileSync(join(full, "data.txt"), "kept until removeAll")
    const gone = scratch.make()
    rmSync(gone, { recursive: true })
    scratch.removeAll()
    expect(existsSync(full)).toBe(false)
    expect(existsSync(gone)).toBe(false)
    // A second call has nothing left to remove.
    expect(() => scratch.removeAll()).not.toThrow()
  })
})
