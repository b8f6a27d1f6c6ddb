/** The `strata` command tree. */
import { Command } from "effect/cli"
import { backfill, materialize, plan } from "./commands/materialize.ts"

/** The root command and its subcommands. */
export const cli = Command.make("strata").pipe(
  Command.withDescription("Strata: typed, partitioned ML data assets with sidecars, incremental materialization and lineage"),
  Command.withSubcommands([plan, materialize, backfill])
)

/** The CLI's version, shown by --version. */
export const VERSION = "0.1.0"
