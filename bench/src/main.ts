/**
 * Runs every benchmark in this folder (`*.bench.ts`, each default-exporting an async function
 * that prints its figures), in file-name order, each in a process of its own so that memory
 * figures are not inherited from the benchmark before; or only those whose name contains an
 * argument:
 *
 *   pnpm bench            # all
 *   pnpm bench -- html    # only html.bench.ts
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)
const files = readdirSync(here)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort()

let failed = 0
for (const file of files) {
  console.log(`\n## ${file}`)
  const result = spawnSync(process.execPath, [join(here, "runOne.ts"), file], { stdio: "inherit" })
  if (result.status !== 0) failed++
}
process.exitCode = failed > 0 ? 1 : 0
