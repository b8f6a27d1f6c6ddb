/**
 * Reading upstream partitions inside `materialize`: the runner hands each upstream partition's
 * rows as JSON values; these helpers decode them with the upstream asset's row schema, so a
 * row that does not fit fails the step with the upstream asset, partition and row number.
 */
import { type AssetDefinition, type AssetKey, MaterializeError } from "@strata/core"
import { Effect, Result, Schema, Stream } from "effect"

/** One decoded upstream row with the partition it came from. */
export interface InputRow<Row> {
  /** The upstream partition key. */
  readonly partition: string
  /** The decoded row. */
  readonly row: Row
}

/**
 * Decodes every row of the upstream `asset`, in the mapping's partition order, and hands each to
 * `use` as it streams by, so that a step keeps only what it needs of its input. Fails with
 * `InvalidInput` naming the upstream partition and row when a row does not decode.
 */
export const forEachInput = <Row>(
  ctx: AssetDefinition.MaterializeContext,
  asset: string,
  schema: Schema.Codec<Row, unknown>,
  use: (row: Row, partition: string) => void
): Effect.Effect<void, MaterializeError> =>
  Effect.gen(function* () {
    const decode = Schema.decodeUnknownResult(schema)
    for (const input of ctx.inputs.get(asset as AssetKey.AssetKey) ?? []) {
      let index = 0
      yield* Stream.runForEach(input.rows, (value) => {
        index++
        const decoded = decode(value)
        if (Result.isFailure(decoded)) {
          return Effect.fail(
            new MaterializeError({
              reason: "InvalidInput",
              asset: ctx.asset,
              partition: ctx.partition,
              message: `${ctx.asset}@${ctx.partition}: row ${index} of ${asset}@${input.partition} does not fit its schema (${decoded.failure.message}); re-materialize ${asset}@${input.partition}`
            })
          )
        }
        use(decoded.success, input.partition)
        return Effect.void
      })
    }
  })

/** Collects and decodes every row of the upstream `asset` ({@link forEachInput}), in the mapping's partition order. */
export const collectInput = <Row>(
  ctx: AssetDefinition.MaterializeContext,
  asset: string,
  schema: Schema.Codec<Row, unknown>
): Effect.Effect<ReadonlyArray<InputRow<Row>>, MaterializeError> =>
  Effect.suspend(() => {
    const rows: Array<InputRow<Row>> = []
    return Effect.as(forEachInput(ctx, asset, schema, (row, partition) => void rows.push({ partition, row })), rows)
  })

/** A stream of the rows an effect computes (the usual shape of an asset that needs all its input first). */
export const rowsOf = <Row>(compute: Effect.Effect<ReadonlyArray<Row>, MaterializeError>): Stream.Stream<Row, MaterializeError> =>
  Stream.unwrap(Effect.map(compute, (rows) => Stream.fromIterable(rows)))

/** A `Failed` or `InvalidInput` error of the current step with a message. */
export const stepError = (
  ctx: AssetDefinition.MaterializeContext,
  reason: MaterializeError["reason"],
  message: string,
  cause?: unknown
): MaterializeError =>
  new MaterializeError({ reason, asset: ctx.asset, partition: ctx.partition, message: `${ctx.asset}@${ctx.partition}: ${message}`, ...(cause === undefined ? {} : { cause }) })
