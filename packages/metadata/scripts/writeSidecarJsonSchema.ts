/**
 * Regenerates `sidecar.schema.json` (the JSON Schema of `<dataset>.meta.yaml`) from the Effect
 * Schema in `src/Sidecar.ts`. Run after changing the sidecar: `node scripts/writeSidecarJsonSchema.ts`.
 * `test/Sidecar.test.ts` fails while the committed file is out of date.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { sidecarJsonSchema } from "../src/Sidecar.ts"

/** Where the schema is committed. */
export const sidecarJsonSchemaPath = join(import.meta.dirname, "..", "sidecar.schema.json")

/** The file's exact text (two-space JSON and a final newline). */
export const sidecarJsonSchemaText = (): string => `${JSON.stringify(sidecarJsonSchema(), null, 2)}\n`

if (process.argv[1] === import.meta.filename) writeFileSync(sidecarJsonSchemaPath, sidecarJsonSchemaText())
