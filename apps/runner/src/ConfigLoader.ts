/**
 * Finds and loads the project's configuration file: `strata.config.ts` (a module whose default
 * export is the configuration) or `strata.config.yaml`, then applies environment overrides.
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, isAbsolute, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { ConfigError, resolveConfig, type StrataConfig } from "./StrataConfig.ts"

/** File names looked for, in order, in the working directory. */
export const CONFIG_FILE_NAMES = ["strata.config.ts", "strata.config.yaml", "strata.config.yml"] as const

/** A loaded configuration with where it came from and the module that defines the assets. */
export interface LoadedConfig {
  readonly config: StrataConfig
  /** Absolute path of the configuration file. */
  readonly file: string
  /** The configuration module's exports (the `definitions` export among them). */
  readonly module: Readonly<Record<string, unknown>>
}

/** Finds the configuration: an explicit path, or the first of {@link CONFIG_FILE_NAMES} in `cwd`. */
export const findConfigFile = (cwd: string, explicit?: string): string => {
  if (explicit !== undefined) {
    const file = isAbsolute(explicit) ? explicit : resolve(cwd, explicit)
    if (!existsSync(file)) throw new ConfigError({ reason: "NotFound", file, message: `Configuration file ${file} does not exist; pass --config with the path of your strata.config.ts` })
    return file
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = resolve(cwd, name)
    if (existsSync(file)) return file
  }
  throw new ConfigError({
    reason: "NotFound",
    file: resolve(cwd, CONFIG_FILE_NAMES[0]),
    message: `No ${CONFIG_FILE_NAMES.join(" or ")} in ${cwd}; run strata from your project's folder or pass --config`
  })
}

/**
 * Loads the configuration file. A YAML file names its definitions module in `definitions:`
 * (a path relative to the file); a TypeScript file exports `definitions` itself.
 */
export const loadConfig = async (file: string, env: Readonly<Record<string, string | undefined>>): Promise<LoadedConfig> => {
  let module: Record<string, unknown>
  let input: unknown
  if (file.endsWith(".ts") || file.endsWith(".js") || file.endsWith(".mjs")) {
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
    } catch (cause) {
      throw new ConfigError({ reason: "Invalid", file, message: `${file} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}` })
    }
    input = module["default"]
  } else {
    try {
      // Loaded here only: the `yaml` package is some seventy modules that a TypeScript configuration does not need.
      const { parse: parseYaml } = await import("yaml")
      input = parseYaml(readFileSync(file, "utf8"))
    } catch (cause) {
      throw new ConfigError({ reason: "Invalid", file, message: `${file} is not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}` })
    }
    const definitionsPath = (input as { definitions?: unknown } | null)?.definitions
    if (typeof definitionsPath !== "string") {
      throw new ConfigError({ reason: "Invalid", file, message: `${file}: "definitions" must name the module that exports your assets, e.g. definitions: ./src/definitions.ts` })
    }
    const definitionsFile = resolve(dirname(file), definitionsPath)
    try {
      module = (await import(pathToFileURL(definitionsFile).href)) as Record<string, unknown>
    } catch (cause) {
      throw new ConfigError({
        reason: "Invalid",
        file,
        message: `${file}: the definitions module ${JSON.stringify(definitionsPath)} (${definitionsFile}) could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`
      })
    }
  }
  const config = resolveConfig(input, file, env)
  return { config: { ...config, storage: { ...config.storage, root: absoluteRoot(config.storage.root, dirname(file)) } }, file, module }
}

/** Makes a relative `file://./data` root absolute against the configuration file's folder. */
export const absoluteRoot = (root: string, base: string): string => {
  if (!root.startsWith("file://")) return root
  const path = root.slice("file://".length)
  return `file://${isAbsolute(path) ? path : resolve(base, path)}`
}
