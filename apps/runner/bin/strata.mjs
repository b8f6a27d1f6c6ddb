#!/usr/bin/env node
/**
 * The `strata` executable's launcher: it makes start-up cheap, then runs `../src/bin.ts`.
 *
 * Node runs Strata's TypeScript by stripping its types, which costs a WebAssembly compiler's
 * start and a pass over every source file on every launch (about half a second of CPU for the
 * CLI's hundred modules). The launcher keeps the stripped JavaScript in a content-addressed
 * cache and turns on V8's compile cache, so a launch after the first compiles nothing.
 *
 * Contract of the module cache:
 * - an entry is keyed by the SHA-1 of the TypeScript source and the Node version, so an edited
 *   file or another Node is never served stale output; entries are written to a temporary file
 *   and renamed, so a concurrent or killed launch never leaves a torn entry;
 * - stripping keeps every line and column in place (Node's `strip` mode), so stack traces and
 *   error positions are the source's own;
 * - it serves TypeScript that Node has resolved as an ES module (in a package of `"type":
 *   "module"`); anything else (CommonJS or a format Node must detect, a read-only cache
 *   folder, a file Node refuses to strip, a file under `node_modules`) falls back to Node's own loader, which reports the error as usual.
 *
 * The cache lives in `node_modules/.cache/strata/` beside this package (the `find-cache-dir`
 * convention); `STRATA_MODULE_CACHE` names another folder, or `off` disables both caches (and
 * the resolution shortcut below: Node then loads every module its own way).
 */
import { createHash } from "node:crypto"
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
// A namespace import: named imports of APIs that an older Node lacks would fail before the version check.
import * as nodeModule from "node:module"
import { fileURLToPath } from "node:url"
import { unsupportedNodeMessage } from "./nodeVersion.mjs"

const unsupported = unsupportedNodeMessage(process.versions.node, process.execPath)
if (unsupported !== undefined) {
  process.stderr.write(`${unsupported}\n`)
  process.exit(2)
}

/** Where the caches live, or `undefined` when they are turned off. */
const cacheRoot = (() => {
  const chosen = process.env["STRATA_MODULE_CACHE"]
  if (chosen === "off") return undefined
  return chosen ?? fileURLToPath(new URL("../node_modules/.cache/strata/", import.meta.url))
})()

/** The format Node's resolver gives an ES module written in TypeScript. */
const TYPESCRIPT_MODULE = "module-typescript"

/** Strips a module's types without Node's one-time "experimental" warning for the API. */
const strip = (source) => {
  const emitWarning = process.emitWarning
  process.emitWarning = () => {}
  try {
    return nodeModule.stripTypeScriptTypes(source, { mode: "strip" })
  } finally {
    process.emitWarning = emitWarning
  }
}

/** The stripped JavaScript of a TypeScript file, from the cache or made and stored there. */
const strippedSource = (moduleDir, path) => {
  const source = readFileSync(path, "utf8")
  const key = createHash("sha1").update(process.version).update("\0").update(source).digest("hex")
  const entry = `${moduleDir}/${key}.js`
  try {
    return readFileSync(entry, "utf8")
  } catch {
    const javascript = strip(source)
    try {
      const temporary = `${entry}.${process.pid}.tmp`
      writeFileSync(temporary, javascript)
      renameSync(temporary, entry)
    } catch {
      // A cache that cannot be written only costs the next launch its speed.
    }
    return javascript
  }
}

/** Whether the folder at `dirUrl` (ending in `/`) lies in a package of `"type": "module"`, by folder, remembered. */
const moduleScopes = new Map()
const inModuleScope = (dirUrl) => {
  const known = moduleScopes.get(dirUrl)
  if (known !== undefined) return known
  let scoped
  try {
    scoped = JSON.parse(readFileSync(new URL("package.json", dirUrl), "utf8")).type === "module"
  } catch (cause) {
    const parent = new URL("../", dirUrl).href
    scoped = cause?.code === "ENOENT" && parent !== dirUrl && !dirUrl.endsWith("/node_modules/") ? inModuleScope(parent) : false
  }
  moduleScopes.set(dirUrl, scoped)
  return scoped
}

/**
 * A dependency's relative import of a `.js` file in an ES-module package (Effect's barrel
 * imports some 570 of them), resolved as Node would, without its per-import package scope
 * lookups and file-system checks: about a fifth of a launch. Anything else is Node's own
 * resolution. The files of an installed package do not move, and pnpm's store holds real paths.
 */
const resolveWithinPackage = (specifier, parentURL) => {
  if (!(specifier.startsWith("./") || specifier.startsWith("../")) || !specifier.endsWith(".js")) return undefined
  if (parentURL === undefined || !parentURL.startsWith("file:") || !parentURL.includes("/node_modules/")) return undefined
  const url = new URL(specifier, parentURL)
  if (url.search !== "" || url.hash !== "" || !inModuleScope(new URL("./", url).href)) return undefined
  return { url: url.href, format: "module", shortCircuit: true }
}

if (cacheRoot !== undefined) {
  const moduleDir = `${cacheRoot}/modules`
  let usable = true
  try {
    mkdirSync(moduleDir, { recursive: true })
    nodeModule.enableCompileCache(`${cacheRoot}/v8`)
  } catch {
    usable = false
  }
  if (usable) {
    nodeModule.registerHooks({
      resolve(specifier, context, nextResolve) {
        return resolveWithinPackage(specifier, context.parentURL) ?? nextResolve(specifier, context)
      },
      load(url, context, nextLoad) {
        if (context.format !== TYPESCRIPT_MODULE || !url.startsWith("file:") || url.includes("/node_modules/")) return nextLoad(url, context)
        let source
        try {
          source = strippedSource(moduleDir, fileURLToPath(url))
        } catch {
          return nextLoad(url, context)
        }
        return { format: "module", source, shortCircuit: true }
      }
    })
  }
}

await import("../src/bin.ts")
