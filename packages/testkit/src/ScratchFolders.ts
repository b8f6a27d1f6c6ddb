/**
 * Temporary folders for a test file: each `make()` is a fresh folder under the system's
 * temporary folder, and `removeAll()` (for `afterAll`) deletes every one made, so a test run
 * leaves nothing behind in /tmp.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface ScratchFolders {
  /** A new empty folder, named `<prefix><random>`. */
  readonly make: () => string
  /** Deletes every folder made so far (missing ones are fine). */
  readonly removeAll: () => void
}

export const scratchFolders = (prefix: string): ScratchFolders => {
  const made: Array<string> = []
  return {
    make: () => {
      const folder = mkdtempSync(join(tmpdir(), prefix))
      made.push(folder)
      return folder
    },
    removeAll: () => {
      for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true })
    }
  }
}
