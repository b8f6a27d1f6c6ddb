/**
 * Adds up the vitest JSON reports of every workspace package (`test-results.json`) and prints
 * one line per package and a closing `N passed, N failed, N skipped` line. Exits 1 when a test
 * failed or a package that has tests wrote no report (it crashed or did not run).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

interface VitestReport {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests: number
  readonly numTodoTests: number
  readonly success: boolean
}

const root = join(import.meta.dirname, "..")
let passed = 0
let failed = 0
let skipped = 0
let missing = 0
for (const group of ["packages", "apps"]) {
  for (const name of readdirSync(join(root, group)).sort()) {
    const folder = join(root, group, name)
    if (!existsSync(join(folder, "test"))) continue
    const file = join(folder, "test-results.json")
    if (!existsSync(file)) {
      console.log(`${group}/${name}: no test report (the test run crashed or did not start)`)
      missing++
      continue
    }
    const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + report.numTodoTests
    console.log(`${group}/${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`)
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exitCode = failed > 0 || missing > 0 ? 1 : 0
