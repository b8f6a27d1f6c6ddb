/**
 * JSON Lines, streamed both ways, optionally gzip-compressed. Decoding never crashes on bad
 * input: a line that is not UTF-8, too long, not JSON, or not a row of the schema becomes a
 * `Quarantined` item with its line number, so that the caller writes it to the quarantine
 * file and counts it.
 */
import { Cause, Data, Effect, Result, Schema, Stream } from "effect"

/** Compression of a JSON Lines file. */
export type Compression = "none" | "gzip"

/** Longest line accepted, in bytes; longer lines are quarantined as `LineTooLong`. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024

/** How much of a bad line a quarantine item keeps, in characters. */
export const RAW_EXCERPT_CHARS = 1024

/** Encoded rows are gathered into chunks of about this many bytes. */
export const ENCODE_CHUNK_BYTES = 64 * 1024

/** Why a line was quarantined. */
export type QuarantineReason = "InvalidUtf8" | "LineTooLong" | "InvalidJson" | "SchemaMismatch"

/** A decoded row and the line it came from (1-based). */
export interface Row<A> {
  readonly _tag: "Row"
  readonly line: number
  readonly row: A
}

/** A line that could not become a row. */
export interface Quarantined {
  readonly _tag: "Quarantined"
  /** 1-based line number in the (decompressed) file. */
  readonly line: number
  /** The closed reason. */
  readonly reason: QuarantineReason
  /** What was wrong, e.g. the JSON parser's or the schema's message. */
  readonly detail: string
  /** The start of the line, cut to {@link RAW_EXCERPT_CHARS} characters (invalid bytes replaced). */
  readonly raw: string
}

/** One decoded line. */
export type Decoded<A> = Row<A> | Quarantined

/** The file as a whole could not be read or written (corrupt compression, a row that will not encode). */
export class JsonLinesError extends Data.TaggedError("JsonLinesError")<{
  /** `Compression`: the gzip stream is corrupt; `Encode`: a row does not fit the schema it is written with. */
  readonly reason: "Compression" | "Encode"
  /** Row index (encode, 0-based) or undefined. */
  readonly row?: number
  /** What happened and what to do. */
  readonly message: string
  /** The underlying error. */
  readonly cause?: unknown
}> {}

/** File extension for a compression: `jsonl` or `jsonl.gz`. */
export const extension = (compression: Compression): string => (compression === "gzip" ? "jsonl.gz" : "jsonl")

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

/** Pipes a byte stream through a web TransformStream, keeping the upstream's own errors as they are. */
const throughTransform = <E>(
  stream: Stream.Stream<Uint8Array, E>,
  transform: () => TransformStream<Uint8Array, Uint8Array>,
  onError: (cause: unknown) => JsonLinesError
): Stream.Stream<Uint8Array, E | JsonLinesError> =>
  Stream.suspend(() => {
    let upstream: Cause.Cause<E> | undefined
    const source = Stream.catchCause(stream, (cause) => {
      upstream = cause
      return Stream.fail("upstream failed" as const)
    })
    return Stream.fromReadableStream({
      evaluate: () => Stream.toReadableStream(source).pipeThrough(transform()),
      onError: (error) => error
    }).pipe(
      Stream.map((chunk) => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      Stream.catchCause((cause): Stream.Stream<never, E | JsonLinesError> =>
        upstream !== undefined ? Stream.failCause(upstream) : Stream.fail(onError(Cause.squash(cause)))
      )
    )
  })

/** Gzip-compresses a byte stream. */
export const gzip = <E>(stream: Stream.Stream<Uint8Array, E>): Stream.Stream<Uint8Array, E | JsonLinesError> =>
  throughTransform(stream, () => new CompressionStream("gzip"), (cause) => new JsonLinesError({ reason: "Compression", message: `Compressing failed: ${String(cause)}.`, cause }))

/** Decompresses a gzip byte stream; a corrupt stream fails with `JsonLinesError` (`Compression`). */
export const gunzip = <E>(stream: Stream.Stream<Uint8Array, E>): Stream.Stream<Uint8Array, E | JsonLinesError> =>
  throughTransform(
    stream,
    () => new DecompressionStream("gzip"),
    (cause) =>
      new JsonLinesError({ reason: "Compression", message: `The file is not valid gzip (${String(cause)}); rewrite it or read it with compression "none".`, cause })
  )

/** Options of {@link encode}. */
export interface EncodeOptions<A> {
  /** Compression of the output (default `none`). */
  readonly compression?: Compression
  /** Schema that turns each row into its JSON form (e.g. dates to strings); rows are written as they are without one. */
  readonly schema?: Schema.Codec<A, unknown>
}

/**
 * Rows to JSON Lines bytes, one JSON document per line, in chunks of about
 * {@link ENCODE_CHUNK_BYTES}.
 *
 * @example
 * const bytes = JsonLines.encode(Stream.make({ id: 1 }, { id: 2 }), { compression: "gzip" })
 */
export const encode = <A, E>(rows: Stream.Stream<A, E>, options: EncodeOptions<A> = {}): Stream.Stream<Uint8Array, E | JsonLinesError> => {
  const toJson = options.schema === undefined ? (row: A) => Result.succeed<unknown>(row) : Schema.encodeUnknownResult(options.schema)
  const encoder = new TextEncoder()
  const lines = rows.pipe(
    Stream.zipWithIndex,
    Stream.mapEffect(([row, index]) => {
      const json = toJson(row)
      return Result.isSuccess(json)
        ? Effect.succeed(`${JSON.stringify(json.success)}\n`)
        : Effect.fail(
            new JsonLinesError({ reason: "Encode", row: index, message: `Row ${index} does not fit the schema it is written with: ${json.failure.message}`, cause: json.failure })
          )
    }),
    Stream.mapAccum(
      (): EncodeState => ({ parts: [], size: 0 }),
      (state: EncodeState, line: string): readonly [EncodeState, ReadonlyArray<Uint8Array>] => {
        state.parts.push(line)
        const size = state.size + line.length
        if (size < ENCODE_CHUNK_BYTES) return [{ parts: state.parts, size }, []]
        return [{ parts: [], size: 0 }, [encoder.encode(state.parts.join(""))]]
      },
      { onHalt: (state) => (state.parts.length === 0 ? [] : [encoder.encode(state.parts.join(""))]) }
    )
  )
  return options.compression === "gzip" ? gzip(lines) : lines
}

interface EncodeState {
  readonly parts: Array<string>
  readonly size: number
}

/** Options of {@link decode}. */
export interface DecodeOptions {
  /** Compression of the input (default `none`). */
  readonly compression?: Compression
  /** Longest line accepted (default {@link DEFAULT_MAX_LINE_BYTES}). */
  readonly maxLineBytes?: number
}

/** A line cut out of the byte stream, before it is read. */
interface RawLine {
  readonly line: number
  readonly bytes: Uint8Array
  readonly tooLong: boolean
}

interface SplitState {
  readonly line: number
  readonly parts: Array<Uint8Array>
  readonly size: number
  readonly tooLong: boolean
}

/** Splits bytes on `\n`, never holding more than `maxLineBytes` of one line. */
const splitLines = <E, E2>(bytes: Stream.Stream<Uint8Array, E | E2>, maxLineBytes: number): Stream.Stream<RawLine, E | E2> => {
  const finish = (state: SplitState): RawLine => ({ line: state.line, bytes: Buffer.concat(state.parts), tooLong: state.tooLong })
  const append = (state: SplitState, piece: Uint8Array): SplitState => {
    if (state.tooLong) return state
    if (state.size + piece.length <= maxLineBytes) return { ...state, parts: [...state.parts, piece], size: state.size + piece.length }
    const room = Math.max(0, RAW_EXCERPT_CHARS * 4 - state.size)
    return { ...state, parts: [...state.parts, piece.subarray(0, room)], size: state.size + room, tooLong: true }
  }
  return Stream.mapAccum(
    bytes,
    (): SplitState => ({ line: 1, parts: [], size: 0, tooLong: false }),
    (initial, chunk: Uint8Array) => {
      let state = initial
      const out: Array<RawLine> = []
      let start = 0
      for (let index = chunk.indexOf(NEWLINE); index !== -1; index = chunk.indexOf(NEWLINE, start)) {
        // A whole line inside this chunk is passed on as a view of it, without a copy.
        const whole = state.size === 0 && !state.tooLong && index - start <= maxLineBytes
        out.push(whole ? { line: state.line, bytes: chunk.subarray(start, index), tooLong: false } : finish(append(state, chunk.subarray(start, index))))
        state = { line: state.line + 1, parts: [], size: 0, tooLong: false }
        start = index + 1
      }
      if (start < chunk.length) state = append(state, chunk.subarray(start))
      return [state, out] as const
    },
    { onHalt: (state) => (state.size > 0 || state.tooLong ? [finish(state)] : []) }
  )
}

/** Decoders of whole lines (no streaming state, so one of each serves every stream). */
const lenientUtf8 = new TextDecoder("utf-8")
const strictUtf8 = new TextDecoder("utf-8", { fatal: true })

const excerpt = (bytes: Uint8Array): string => lenientUtf8.decode(bytes).slice(0, RAW_EXCERPT_CHARS)

const quarantined = (line: number, reason: QuarantineReason, detail: string, bytes: Uint8Array): Quarantined => ({
  _tag: "Quarantined",
  line,
  reason,
  detail,
  raw: excerpt(bytes)
})

/** Reads one line into a row or a quarantine item; `undefined` for a blank line. */
const readLine = <A>(decodeRow: (input: unknown) => Result.Result<A, Schema.SchemaError>, maxLineBytes: number, strict: { decode: (bytes: Uint8Array) => string }) =>
  (raw: RawLine): Decoded<A> | undefined => {
    const bytes = raw.bytes.length > 0 && raw.bytes[raw.bytes.length - 1] === CARRIAGE_RETURN ? raw.bytes.subarray(0, -1) : raw.bytes
    if (raw.tooLong) return quarantined(raw.line, "LineTooLong", `the line is longer than ${maxLineBytes} bytes`, bytes)
    let text: string
    try {
      text = strict.decode(bytes)
    } catch {
      return quarantined(raw.line, "InvalidUtf8", "the line is not valid UTF-8", bytes)
    }
    if (text.trim() === "") return undefined
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return quarantined(raw.line, "InvalidJson", error instanceof Error ? error.message : String(error), bytes)
    }
    const decoded = decodeRow(value)
    return Result.isSuccess(decoded)
      ? { _tag: "Row", line: raw.line, row: decoded.success }
      : quarantined(raw.line, "SchemaMismatch", decoded.failure.message, bytes)
  }

/** Each schema's row decoder, made once (streams of one asset share it). */
const rowDecoders = new WeakMap<Schema.Codec<unknown, unknown>, (input: unknown) => Result.Result<unknown, Schema.SchemaError>>()

const rowDecoderOf = <A>(schema: Schema.Codec<A, unknown>): ((input: unknown) => Result.Result<A, Schema.SchemaError>) => {
  let decoder = rowDecoders.get(schema)
  if (decoder === undefined) {
    decoder = Schema.decodeUnknownResult(schema)
    rowDecoders.set(schema, decoder)
  }
  return decoder as (input: unknown) => Result.Result<A, Schema.SchemaError>
}

/**
 * JSON Lines bytes to rows of `schema`, each with its line number. Bad lines come out as
 * `Quarantined` items; blank lines are skipped; only corrupt compression fails the stream.
 *
 * @example
 * const items = JsonLines.decode(store.get(key), Schema.Struct({ url: Schema.String }))
 * // Stream<Row<{ url: string }> | Quarantined, BlobStoreError | JsonLinesError>
 */
export const decode = <A, E>(
  bytes: Stream.Stream<Uint8Array, E>,
  schema: Schema.Codec<A, unknown>,
  options: DecodeOptions = {}
): Stream.Stream<Decoded<A>, E | JsonLinesError> => {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  const input = options.compression === "gzip" ? gunzip(bytes) : bytes
  const read = readLine(rowDecoderOf(schema), maxLineBytes, strictUtf8)
  return splitLines(input, maxLineBytes).pipe(Stream.filterMap((raw) => {
    const item = read(raw)
    return item === undefined ? Result.failVoid : Result.succeed(item)
  }))
}

/** A quarantine item as one JSON line for the quarantine file (`line`, `reason`, `detail`, `raw`). */
export const quarantineLine = (item: Quarantined): string =>
  `${JSON.stringify({ line: item.line, reason: item.reason, detail: item.detail, raw: item.raw })}\n`
