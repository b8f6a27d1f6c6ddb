/** The `strata` command tree. */
import { Command } from "effect/cli"
import { diff } from "./commands/diff.ts"
import { describe, lineageShow, read, versions } from "./commands/inspect.ts"
import { lineageSync } from "./commands/lineageSync.ts"
import { gc } from "./commands/gc.ts"
import { backfill, materialize, plan } from "./commands/materialize.ts"
import { partitions } from "./commands/partitions.ts"
import { policy } from "./commands/policy.ts"
import { catalog, status } from "./commands/status.ts"
import { verify } from "./commands/verify.ts"

/** `strata lineage show|sync` */
const lineage = Command.make("lineage").pipe(
  Command.withDescription("Lineage: walk sidecars upstream (show), or project sidecars onto MLflow (sync)"),
  Command.withSubcommands([lineageShow, lineageSync])
)

/** The root command and its subcommands. */
export const cli = Command.make("strata").pipe(
  Command.withDescription("Strata: typed, partitioned ML data assets with sidecars, incremental materialization and lineage"),
  Command.withSubcommands([plan, materialize, backfill, status, catalog, describe, lineage, verify, versions, diff, read, partitions, gc, policy])
)

/** The CLI's version, shown by --version. */
export const VERSION = "0.1.0"
