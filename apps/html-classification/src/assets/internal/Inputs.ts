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
 * The rows of one upstream partition `input` of `asset`, decoded, as a stream. Fails with
 * `InvalidInput` naming the upstream partition and row when a row does not decode.
 */
export const partitionRows = <Row>(
  ctx: AssetDefinition.MaterializeContext,
  asset: string,
  input: AssetDefinition.InputPartition,
  schema: Schema.Codec<Row, unknown>
): Stream.Stream<InputRow<Row>, MaterializeError> => {
  const decode = Schema.decodeUnknownResult(schema)
  return Stream.suspend(() => {
    let index = 0
    return Stream.mapEffect(input.rows, (value) => {
      index++
      const decoded = decode(value)
      if (Result.isSuccess(decoded)) return Effect.succeed({ partition: input.partition, row: decoded.success })
      return Effect.fail(
        new MaterializeError({
          reason: "InvalidInput",
          asset: ctx.asset,
          partition: ctx.partition,
          message: `${ctx.asset}@${ctx.partition}: row ${index} of ${asset}@${input.partition} does not fit its schema (${decoded.failure.message}); re-materialize ${asset}@${input.partition}`
        })
      )
    })
  })
}

/**
 * Every row of the upstream `asset`, decoded ({@link partitionRows}), in the mapping's partition
 * order, as a stream: a step that handles rows one at a time keeps none of them.
 */
export const inputRows = <Row>(
  ctx: AssetDefinition.MaterializeContext,
  asset: string,
  schema: Schema.Codec<Row, unknown>
): Stream.Stream<InputRow<Row>, MaterializeError> =>
  Stream.flatMap(Stream.fromIterable(ctx.inputs.get(asset as AssetKey.AssetKey) ?? []), (input) => partitionRows(ctx, asset, input, schema))

/** Collects and decodes every row of the upstream `asset` ({@link inputRows}), in the mapping's partition order. */
export const collectInput = <Row>(
  ctx: AssetDefinition.MaterializeContext,
  asset: string,
  schema: Schema.Codec<Row, unknown>
): Effect.Effect<ReadonlyArray<InputRow<Row>>, MaterializeError> => Stream.runCollect(inputRows(ctx, asset, schema))

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
