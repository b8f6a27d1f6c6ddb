/**
 * Runs every benchmark in this folder (`*.bench.ts`, each default-exporting an async function
 * that prints its figures), in file-name order, or only those whose name contains an argument:
 *
 *   pnpm bench            # all
 *   pnpm bench -- html    # only html.bench.ts
 */
import { readdirSync } from "node:fs"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)
const files = readdirSync(here)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort()

for (const file of files) {
  console.log(`\n## ${file}`)
  const module = (await import(`./${file}`)) as { default: () => Promise<void> }
  await module.default()
}
