/**
 * The commit protocol: a partition is committed if and only if its sidecar exists and matches
 * its data (SHA-1, size, and the exact object written). A commit:
 *
 * 1. `stage`: streams the data to a staging key, hashing and counting on the way (its content
 *    flushed, its name not: the promotion makes the name durable). A partition with no data
 *    object yet (a first commit) is staged at its data key itself, created there exclusively,
 *    name and content durable: nothing reads it before a sidecar vouches for it, and step 3 is void;
 * 2. reads the current sidecar, if any. When a previous commit is there: on stores without
 *    versions, its data and sidecar are copied into a kept history folder (hard links on local
 *    disk), unless kept already; then its index marker is removed, so that no listing vouches
 *    for it while its data is replaced. A first commit does neither;
 * 3. promotes the staged data to the data key (local: atomic rename; S3: server-side copy;
 *    S3 keeps the previous object as a noncurrent version), unless staged there;
 * 4. writes the sidecar (the commit point, durable together with the promoted data: one folder),
 *    ending with a `# strata-commit {...}` line that records what it vouches for (SHA-1, size,
 *    ETag, VersionId, versions) and the SHA-1 of the sidecar's bytes before that line. So a
 *    sidecar torn by a machine crash vouches for nothing, and the local store may flush its
 *    content and its name at once (only the data must be durable before the sidecar is named). A
 *    partition without a sidecar gets its first one created in place;
 * 5. writes the committed index marker, and on versioned stores a version record (which
 *    names the sidecar's VersionId).
 *
 * A crash anywhere leaves either the previous commit readable (its sidecar still names the
 * previous data, kept in history or as an S3 version) or the partition looking missing: never
 * a sidecar that vouches for data that is not there. A sidecar without an index marker (a crash
 * between 4 and 5, or before 3 on a re-commit) is read by {@link observe}, which finishes the
 * bookkeeping. A re-run commits again from the start.
 *
 * Earlier Strata versions also wrote a *pending* marker before the commit, a version record on
 * every store, and kept each version in history at its own commit: such layouts still read.
 */
import { createHash, hash as hashOnce, randomBytes } from "node:crypto"
import { Data, Effect, Option, Stream } from "effect"
import * as BlobKey from "./BlobKey.ts"
import { BlobStore } from "./BlobStore.ts"
import type { BlobStoreShape, PutResult } from "./BlobStore.ts"
import { BlobStoreError, isReason } from "./BlobStoreError.ts"
import * as DatasetLayout from "./DatasetLayout.ts"
import * as IndexMarker from "./IndexMarker.ts"
import type { MarkerVersions, Observation } from "./Observation.ts"
import * as RecentCommits from "./RecentCommits.ts"

/** Data streamed to a staging key, ready to commit. */
export interface Staged {
  /** The partition it is for. */
  readonly layout: DatasetLayout.DatasetLayout
  /** Where the data waits: a staging key, or the data key itself (a first commit). */
  readonly stagingKey: string
  /** The ETag of the object written there. */
  readonly etag: string
  /** SHA-1 of the data, hex. */
  readonly sha1: string
  /** Size in bytes. */
  readonly bytes: number
  /** Present when the store keeps versions (then no history copy is needed). */
  readonly versionId?: string
  /** The data's chunks when it is small enough to be kept in memory once committed (see {@link RecentCommits}). */
  readonly data?: ReadonlyArray<Uint8Array>
}

/** What a commit vouches for; stored in the sidecar's last line (and as the version record on versioned stores). */
export interface CommitRecord extends MarkerVersions {
  /** Record format. */
  readonly format: 1
  /** Asset key. */
  readonly asset: string
  /** Partition key. */
  readonly partition: string
  /** Sortable commit id (`<time base36>-<random>`); names the version. */
  readonly commitId: string
  /** When the commit happened (ISO 8601). */
  readonly committedAt: string
  /** SHA-1 of the data, hex. */
  readonly sha1: string
  /** Data size in bytes. */
  readonly bytes: number
  /** The data key. */
  readonly dataKey: string
  /** ETag of the data object written by this commit. */
  readonly dataEtag: string
  /** VersionId of that data object (versioned stores). */
  readonly dataVersionId?: string
  /** VersionId of the sidecar (versioned stores; in the version record only). */
  readonly sidecarVersionId?: string
  /** Where the data is kept once a later commit supersedes it (stores without versions). */
  readonly historyDataKey?: string
  /** Where the sidecar is kept once a later commit supersedes it (stores without versions). */
  readonly historySidecarKey?: string
  /**
   * SHA-1 of the sidecar's bytes before this record's line, hex (sidecars written before it was
   * recorded have none). A sidecar whose bytes do not match vouches for nothing: a machine crash
   * tore it while it was written (see {@link commit}).
   */
  readonly sidecarBodySha1?: string
}

/** A committed partition, ready to read. */
export interface Committed {
  /** The sidecar's bytes as committed (YAML, ending with the `# strata-commit` line). */
  readonly sidecar: Uint8Array
  /** The data; fails with `CommitError` (`Corrupt`) at the end if it does not hash to the recorded SHA-1. */
  readonly data: Stream.Stream<Uint8Array, BlobStoreError | CommitError>
  /** What the commit recorded. */
  readonly record: CommitRecord
}

/** Options of {@link commit}. */
export interface CommitOptions {
  /** Builds the sidecar (YAML) once the data's SHA-1, size and version are known. */
  readonly sidecar: (data: { readonly sha1: string; readonly bytes: number; readonly versionId?: string }) => Uint8Array
  /** The versions the index marker records. */
  readonly marker: MarkerVersions
  /**
   * The partition's current commit as the caller read it (`None`: not committed) while it
   * holds the partition's claim, so that the commit need not read it again. Omitted, the
   * commit reads it.
   */
  readonly current?: Option.Option<CommitRecord>
}

/** A commit that cannot proceed, or committed data that does not match its sidecar. */
export class CommitError extends Data.TaggedError("CommitError")<{
  /** `StagingMissing`: the staged data is gone or changed; `Corrupt`: the data does not match its sidecar; `Invalid`: bad marker values. */
  readonly reason: "StagingMissing" | "Corrupt" | "Invalid"
  /** Asset key. */
  readonly asset: string
  /** Partition key. */
  readonly partition: string
  /** What happened and what to do. */
  readonly message: string
}> {}

/** First characters of the sidecar line that carries the commit record. */
export const RECORD_LINE_PREFIX = "# strata-commit "

/** Sidecars read at once when `observe` falls back to them (markers that disagree, or none). */
export const FALLBACK_CONCURRENCY = 8

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Width of the zero-padded base-36 millisecond time in commit ids (sortable until year 5188). */
const COMMIT_TIME_WIDTH = 9

/** Random bytes drawn from the system at once, so that an id costs no call into it. */
const RANDOM_POOL_BYTES = 4096
/** Random bytes of a commit id. */
const ID_RANDOM_BYTES = 4
let randomPool = randomBytes(RANDOM_POOL_BYTES)
let randomOffset = 0

const randomHex = (bytes: number): string => {
  if (randomOffset + bytes > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES)
    randomOffset = 0
  }
  randomOffset += bytes
  return randomPool.toString("hex", randomOffset - bytes, randomOffset)
}

const newId = (): string => `${Date.now().toString(36).padStart(COMMIT_TIME_WIDTH, "0")}-${randomHex(ID_RANDOM_BYTES)}`

/** The folder of an asset's objects: `<project>/<asset>/`. */
const assetFolder = (project: string, asset: string): string => `${project}/${asset}/`

const sidecarPath = (layout: DatasetLayout.DatasetLayout): string => DatasetLayout.sidecarKey(layout).slice(assetFolder(layout.project, layout.asset).length)

const indexKey = (layout: DatasetLayout.DatasetLayout, marker: IndexMarker.Marker): string =>
  `${DatasetLayout.internalPrefix("index", layout.project, layout.asset)}${IndexMarker.name(marker)}`

/** The committed index marker of a commit. */
const committedMarker = (layout: DatasetLayout.DatasetLayout, record: MarkerVersions & { readonly bytes: number }): IndexMarker.Marker => ({
  _tag: "Committed",
  partition: layout.partition,
  codeVersion: record.codeVersion,
  dataVersion: record.dataVersion,
  inputsDigest: record.inputsDigest,
  bytes: record.bytes,
  sidecarPath: sidecarPath(layout)
})

const versionKey = (layout: DatasetLayout.DatasetLayout, commitId: string): string =>
  `${DatasetLayout.internalPartitionPrefix("versions", layout)}${commitId}.json`

/** Where a commit's data and sidecar are kept once a later commit supersedes it (stores without versions). */
const historyKeys = (layout: DatasetLayout.DatasetLayout, commitId: string) => {
  const folder = `${DatasetLayout.internalPartitionPrefix("history", layout)}${commitId}/`
  return { data: `${folder}${layout.dataset}.${layout.ext}`, sidecar: `${folder}${layout.dataset}${DatasetLayout.SIDECAR_SUFFIX}` }
}

/**
 * Writes of bookkeeping that a machine crash may lose without harm: markers and version records
 * are rebuilt from sidecars (or the partition is rebuilt). The data and the sidecar, which are
 * the commit, stay durable.
 */
const BOOKKEEPING = { durable: false } as const

/** The SHA-1 of a sidecar's body (the text before its record line), hex. */
const bodySha1 = (body: string): string => hashOnce("sha1", body)

/** The caller's sidecar bytes as text, ending with a line break (the record line follows). */
const sidecarBody = (sidecar: Uint8Array): string => {
  const text = decoder.decode(sidecar)
  return text.length === 0 || text.endsWith("\n") ? text : `${text}\n`
}

/** The sidecar's body followed by the commit record line. */
const withRecord = (body: string, record: CommitRecord): Uint8Array => encoder.encode(`${body}${RECORD_LINE_PREFIX}${JSON.stringify(record)}\n`)

/**
 * A sidecar's text cut into its body and its commit record, or `undefined` when it has no record
 * (not written by this protocol) or is torn: its record line cut, or its body not the one the
 * record hashed.
 */
const splitSidecar = (text: string): { readonly body: string; readonly record: CommitRecord } | undefined => {
  const start = text.lastIndexOf(`\n${RECORD_LINE_PREFIX}`)
  const lineStart = start === -1 ? (text.startsWith(RECORD_LINE_PREFIX) ? 0 : undefined) : start + 1
  if (lineStart === undefined) return undefined
  let record: CommitRecord
  try {
    record = JSON.parse(text.slice(lineStart + RECORD_LINE_PREFIX.length)) as CommitRecord
  } catch {
    return undefined
  }
  if (record.format !== 1 || typeof record.sha1 !== "string" || typeof record.bytes !== "number") return undefined
  const body = text.slice(0, lineStart)
  return record.sidecarBodySha1 === undefined || record.sidecarBodySha1 === bodySha1(body) ? { body, record } : undefined
}

/** The commit record a sidecar ends with, or `undefined` when it has none or is torn (see {@link splitSidecar}). */
export const recordOf = (sidecar: Uint8Array): CommitRecord | undefined => splitSidecar(decoder.decode(sidecar))?.record

/**
 * Rewrites the body of a committed sidecar (what precedes its commit record) with `edit`, to
 * add what was learnt after the commit (the MLflow run id), keeping the record but for the
 * body's new SHA-1: the only way to change a committed sidecar, which otherwise stops vouching
 * for its data. Returns whether it wrote: not when `edit` leaves the body as it was, nor when
 * the sidecar is missing, torn or has no record (then there is no commit to amend).
 */
export const amendSidecar = (key: string, edit: (body: string) => string): Effect.Effect<boolean, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const bytes = yield* bytesIfAny(store, key)
    const split = Option.isNone(bytes) ? undefined : splitSidecar(decoder.decode(bytes.value))
    if (split === undefined) return false
    const amended = sidecarBody(encoder.encode(edit(split.body)))
    if (amended === split.body) return false
    const record: CommitRecord = { ...split.record, sidecarBodySha1: bodySha1(amended) }
    const sidecar = withRecord(amended, record)
    const written = yield* store.put(key, sidecar, { contentType: "application/yaml", selfValidating: true })
    const recent = RecentCommits.recall(store, key)
    if (recent !== undefined) RecentCommits.remember(store, key, { ...recent, record, sidecar, sidecarEtag: written.etag })
    return true
  })

/** An object's bytes, or `None` when it is missing. */
const bytesIfAny = (store: BlobStoreShape, key: string, options?: { readonly versionId?: string }) =>
  store.getBytes(key, options).pipe(
    Effect.map(Option.some),
    Effect.catchIf(isReason("NotFound"), () => Effect.succeed(Option.none<Uint8Array>()))
  )

/** The sidecar at `key` and its commit record, or `None` when it is missing or has no record. */
const sidecarAt = (store: BlobStoreShape, key: string) =>
  Effect.map(bytesIfAny(store, key), (bytes) =>
    Option.flatMap(bytes, (sidecar) => {
      const record = recordOf(sidecar)
      return record === undefined ? Option.none() : Option.some({ sidecar, record })
    })
  )

/**
 * Streams `body` to a staging key of the partition, computing its SHA-1 and size.
 *
 * @example
 * const staged = yield* CommitProtocol.stage(layout, JsonLines.encode(rows))
 */
export const stage = <E>(layout: DatasetLayout.DatasetLayout, body: Stream.Stream<Uint8Array, E>): Effect.Effect<Staged, BlobStoreError | E, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const dataKey = DatasetLayout.dataKey(layout)
    const first = Option.isNone(yield* store.head(dataKey))
    // One flat folder per asset (`,` never occurs in an escaped partition key), so staging makes no folder per commit.
    const stagingKey = first
      ? dataKey
      : `${DatasetLayout.internalPrefix("staging", layout.project, layout.asset)}${encodeURIComponent(layout.partition)},${newId()},${layout.dataset}.${layout.ext}`
    const hash = createHash("sha1")
    let bytes = 0
    const kept = RecentCommits.collector()
    const counted = Stream.map(body, (chunk) => {
      hash.update(chunk)
      bytes += chunk.length
      kept.add(chunk)
      return chunk
    })
    const written = yield* store
      .put(stagingKey, counted, first ? { durable: true, inPlace: true, ifNoneMatch: "*" } : { durable: "contents", inPlace: true })
      .pipe(
        // A failed put removed what it wrote; staged at the data key, it made the partition's folder too.
        Effect.tapError((error) => (first && !isReason("AlreadyExists")(error) ? Effect.ignore(store.delete(dataKey, { pruneFolders: true })) : Effect.void)),
        Effect.catchIf(isReason("AlreadyExists"), (cause) =>
          Effect.fail(
            new BlobStoreError({
              reason: "AlreadyExists",
              key: dataKey,
              message: `Another writer created ${dataKey} while ${layout.asset} partition ${layout.partition} was being staged there; materialize the partition again (claims keep runners apart).`,
              cause
            })
          )
        )
      )
    const data = kept.chunks()
    return {
      layout,
      stagingKey,
      etag: written.etag,
      sha1: hash.digest("hex"),
      bytes,
      ...(written.versionId !== undefined ? { versionId: written.versionId } : {}),
      ...(data !== undefined ? { data } : {})
    }
  })

/** Removes staged data that will not be committed. */
export const abort = (staged: Staged): Effect.Effect<void, BlobStoreError, BlobStore> =>
  // Data staged at its own key made the partition's folder: an aborted first commit leaves none.
  BlobStore.use((store) => store.delete(staged.stagingKey, { pruneFolders: staged.stagingKey === DatasetLayout.dataKey(staged.layout) }))

/**
 * Keeps the commit being superseded in history (stores without versions): copies its data, then
 * its sidecar (whose presence says the version is kept). Nothing to do when it is kept already,
 * or when its data is no longer the one it vouches for (an interrupted commit replaced it: it
 * was kept before that).
 */
const keepInHistory = (store: BlobStoreShape, layout: DatasetLayout.DatasetLayout, previous: CommitRecord) =>
  Effect.gen(function* () {
    const kept = historyKeys(layout, previous.commitId)
    if (Option.isSome(yield* store.head(kept.sidecar))) return
    if (Option.isNone(yield* dataMatches(store, previous))) return
    yield* store.copy(previous.dataKey, kept.data)
    yield* store.copy(DatasetLayout.sidecarKey(layout), kept.sidecar)
  })

/**
 * Commits staged data (see the module's steps): keeps the previous version, promotes the data,
 * writes the sidecar last, then the index marker. Returns the record.
 */
export const commit = (staged: Staged, options: CommitOptions): Effect.Effect<CommitRecord, BlobStoreError | CommitError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const layout = staged.layout
    const versioned = staged.versionId !== undefined
    const sidecarKey = DatasetLayout.sidecarKey(layout)
    const previous = options.current ?? Option.map(yield* sidecarAt(store, sidecarKey), ({ record }) => record)
    if (Option.isSome(previous)) {
      if (!versioned) yield* keepInHistory(store, layout, previous.value)
      yield* store.delete(indexKey(layout, committedMarker(layout, previous.value)))
    }
    const commitId = newId()
    const dataKey = DatasetLayout.dataKey(layout)
    const stagingMissing = () =>
      new CommitError({
        reason: "StagingMissing",
        asset: layout.asset,
        partition: layout.partition,
        message: `The staged data of ${layout.asset} partition ${layout.partition} (${staged.stagingKey}) is missing; materialize the partition again.`
      })
    // Data staged at its own key is checked to be the object staged (not aborted, not rewritten);
    // other staged data is promoted, the sidecar's durable write below making the rename durable too (one folder).
    const promoted: PutResult =
      staged.stagingKey === dataKey
        ? yield* store.head(dataKey).pipe(
            Effect.flatMap((info) =>
              Option.isSome(info) && info.value.etag === staged.etag
                ? Effect.succeed({ etag: staged.etag, ...(staged.versionId !== undefined ? { versionId: staged.versionId } : {}) })
                : Effect.fail(stagingMissing())
            )
          )
        : yield* store.move(staged.stagingKey, dataKey, { durable: false }).pipe(Effect.catchIf(isReason("NotFound"), () => Effect.fail(stagingMissing())))
    const history = historyKeys(layout, commitId)
    const body = sidecarBody(
      options.sidecar({ sha1: staged.sha1, bytes: staged.bytes, ...(promoted.versionId !== undefined ? { versionId: promoted.versionId } : {}) })
    )
    const record: CommitRecord = {
      format: 1,
      asset: layout.asset,
      partition: layout.partition,
      commitId,
      committedAt: new Date().toISOString(),
      sha1: staged.sha1,
      bytes: staged.bytes,
      dataKey,
      dataEtag: promoted.etag,
      codeVersion: options.marker.codeVersion,
      dataVersion: options.marker.dataVersion,
      inputsDigest: options.marker.inputsDigest,
      ...(promoted.versionId !== undefined ? { dataVersionId: promoted.versionId } : {}),
      ...(versioned ? {} : { historyDataKey: history.data, historySidecarKey: history.sidecar }),
      sidecarBodySha1: bodySha1(body)
    }
    const sidecarBytes = withRecord(body, record)
    // Self-validating (the record hashes the body): a machine crash may tear it, never make it vouch for what was not written.
    const replaceSidecar = store.put(sidecarKey, sidecarBytes, { contentType: "application/yaml", selfValidating: true })
    // A partition without a sidecar gets its first one in place; one that turns up meanwhile (unreadable, so not a previous commit) is replaced.
    const sidecarWritten = Option.isNone(previous)
      ? yield* store
          .put(sidecarKey, sidecarBytes, { contentType: "application/yaml", selfValidating: true, inPlace: true, ifNoneMatch: "*" })
          .pipe(Effect.catchIf(isReason("AlreadyExists"), () => replaceSidecar))
      : yield* replaceSidecar
    const full: CommitRecord = { ...record, ...(sidecarWritten.versionId !== undefined ? { sidecarVersionId: sidecarWritten.versionId } : {}) }
    if (versioned) yield* store.put(versionKey(layout, commitId), encoder.encode(JSON.stringify(full)), { contentType: "application/json", ...BOOKKEEPING })
    yield* store.put(indexKey(layout, committedMarker(layout, full)), new Uint8Array(0), BOOKKEEPING)
    if (staged.data === undefined) RecentCommits.forget(store, sidecarKey)
    else RecentCommits.remember(store, sidecarKey, { record: full, sidecar: sidecarBytes, sidecarEtag: sidecarWritten.etag, data: staged.data })
    return full
  })

/** Writes the committed marker, then removes every other marker of the partition (older ones and pending ones). */
const writeMarker = (store: BlobStoreShape, layout: DatasetLayout.DatasetLayout, record: CommitRecord) =>
  Effect.gen(function* () {
    const key = indexKey(layout, committedMarker(layout, record))
    yield* store.put(key, new Uint8Array(0), BOOKKEEPING)
    const others = yield* Stream.runCollect(
      store.list(`${DatasetLayout.internalPrefix("index", layout.project, layout.asset)}${IndexMarker.partitionPrefix(layout.partition)}`)
    )
    yield* Effect.forEach(
      others.filter((info) => info.key !== key),
      (info) => store.delete(info.key),
      { concurrency: 4, discard: true }
    )
  })

/** Whether the data object the record names is there: the current object, or its recorded version. */
const dataMatches = (store: BlobStoreShape, record: CommitRecord) =>
  Effect.gen(function* () {
    const info = yield* store.head(record.dataKey)
    if (Option.isSome(info) && info.value.size === record.bytes) {
      if (info.value.etag === record.dataEtag) return Option.some<{ readonly versionId?: string }>({})
      // Same size, another ETag: a copy of the storage folder (local ETags name the inode and
      // mtime) or a rewrite. Only the content can tell, so hash it once.
      if (record.dataVersionId === undefined && (yield* sha1Of(store.get(record.dataKey))) === record.sha1) return Option.some({})
    }
    return record.dataVersionId !== undefined ? Option.some({ versionId: record.dataVersionId }) : Option.none()
  })

/** SHA-1 of a stream, hex. */
const sha1Of = (data: Stream.Stream<Uint8Array, BlobStoreError>) =>
  Effect.suspend(() => {
    const hash = createHash("sha1")
    return Stream.runForEach(data, (chunk) => Effect.sync(() => void hash.update(chunk))).pipe(Effect.map(() => hash.digest("hex")))
  })

/** Streams data and fails with `Corrupt` at the end unless it hashes to the record's SHA-1 and size. */
const verified = (data: Stream.Stream<Uint8Array, BlobStoreError>, record: CommitRecord): Stream.Stream<Uint8Array, BlobStoreError | CommitError> =>
  Stream.suspend(() => {
    const hash = createHash("sha1")
    let bytes = 0
    const check = Effect.suspend(() => {
      const sha1 = hash.digest("hex")
      return sha1 === record.sha1 && bytes === record.bytes
        ? Effect.void
        : Effect.fail(
            new CommitError({
              reason: "Corrupt",
              asset: record.asset,
              partition: record.partition,
              message: `The data of ${record.asset} partition ${record.partition} (${record.dataKey}) has SHA-1 ${sha1} and ${bytes} bytes, but its sidecar records ${record.sha1} and ${record.bytes}; materialize the partition again.`
            })
          )
    })
    return Stream.concat(
      Stream.map(data, (chunk) => {
        hash.update(chunk)
        bytes += chunk.length
        return chunk
      }),
      Stream.fromEffectDrain(check)
    )
  })

/** Options of {@link readCommitted}. */
export interface ReadOptions {
  /** A commit id from {@link versions}: read that earlier version instead of the current one. */
  readonly version?: string
}

const missing = Effect.succeed(Option.none<Committed>())

/**
 * An earlier (or the current) version by commit id: its version record (versioned stores, and
 * layouts of earlier Strata versions), else its kept history sidecar, else the current sidecar
 * when it is that commit.
 */
const readVersion = (store: BlobStoreShape, layout: DatasetLayout.DatasetLayout, commitId: string) =>
  Effect.gen(function* () {
    const recordBytes = yield* bytesIfAny(store, versionKey(layout, commitId))
    if (Option.isSome(recordBytes)) {
      const record = JSON.parse(decoder.decode(recordBytes.value)) as CommitRecord
      const sidecar =
        record.historySidecarKey !== undefined
          ? yield* store.getBytes(record.historySidecarKey)
          : yield* store.getBytes(DatasetLayout.sidecarKey(layout), record.sidecarVersionId !== undefined ? { versionId: record.sidecarVersionId } : {})
      const data =
        record.historyDataKey !== undefined
          ? store.get(record.historyDataKey)
          : store.get(record.dataKey, record.dataVersionId !== undefined ? { versionId: record.dataVersionId } : {})
      return Option.some<Committed>({ sidecar, data: verified(data, record), record })
    }
    const kept = historyKeys(layout, commitId)
    const historic = yield* sidecarAt(store, kept.sidecar)
    if (Option.isSome(historic)) return Option.some<Committed>({ ...historic.value, data: verified(store.get(kept.data), historic.value.record) })
    const current = yield* readCurrent(store, layout)
    return Option.filter(current, (committed) => committed.record.commitId === commitId)
  })

/** Whether a commit kept in memory is still the one stored: its sidecar and its data objects have the ETags written. */
const stillStored = (store: BlobStoreShape, sidecarKey: string, recent: RecentCommits.RecentCommit) =>
  Effect.gen(function* () {
    const sidecar = yield* store.head(sidecarKey)
    if (Option.isNone(sidecar) || sidecar.value.etag !== recent.sidecarEtag) return false
    const data = yield* store.head(recent.record.dataKey)
    return Option.isSome(data) && data.value.etag === recent.record.dataEtag
  })

/** The current commit: its sidecar, when the data is the one it vouches for (from memory when kept there and still stored). */
const readCurrent = (store: BlobStoreShape, layout: DatasetLayout.DatasetLayout) =>
  Effect.gen(function* () {
    const sidecarKey = DatasetLayout.sidecarKey(layout)
    const recent = RecentCommits.recall(store, sidecarKey)
    if (recent !== undefined) {
      if (yield* stillStored(store, sidecarKey, recent)) {
        return Option.some<Committed>({ sidecar: recent.sidecar, data: Stream.fromIterable(recent.data), record: recent.record })
      }
      RecentCommits.forget(store, sidecarKey)
    }
    const current = yield* sidecarAt(store, sidecarKey)
    if (Option.isNone(current)) return yield* missing
    const { record, sidecar } = current.value
    const source = yield* dataMatches(store, record)
    if (Option.isNone(source)) return yield* missing
    return Option.some<Committed>({ sidecar, data: verified(store.get(record.dataKey, source.value), record), record })
  })

/**
 * The committed partition (or an earlier version of it), or `None` when the partition is not
 * committed: no sidecar, a sidecar without a commit record, or data that is not the data the
 * sidecar vouches for (a commit in progress on a store without versions). A small partition
 * this process committed is served from memory once two `head`s prove that its sidecar and
 * data are still the objects written (see {@link RecentCommits}).
 */
export const readCommitted = (
  layout: DatasetLayout.DatasetLayout,
  options: ReadOptions = {}
): Effect.Effect<Option.Option<Committed>, BlobStoreError, BlobStore> =>
  BlobStore.use((store) => (options.version !== undefined ? readVersion(store, layout, options.version) : readCurrent(store, layout)))

/**
 * Every committed version of the partition, oldest first: version records (versioned stores,
 * and earlier layouts), the sidecars kept in history, and the current sidecar.
 */
export const versions = (layout: DatasetLayout.DatasetLayout): Effect.Effect<ReadonlyArray<CommitRecord>, BlobStoreError, BlobStore> =>
  Effect.gen(function* () {
    const store = yield* BlobStore
    const byId = new Map<string, CommitRecord>()
    const recordInfos = yield* Stream.runCollect(store.list(DatasetLayout.internalPartitionPrefix("versions", layout)))
    const records = yield* Effect.forEach(recordInfos, (info) => Effect.map(store.getBytes(info.key), (bytes) => JSON.parse(decoder.decode(bytes)) as CommitRecord), {
      concurrency: VERSION_READS
    })
    const keptInfos = yield* Stream.runCollect(store.list(DatasetLayout.internalPartitionPrefix("history", layout)))
    const kept = yield* Effect.forEach(
      keptInfos.filter((info) => info.key.endsWith(DatasetLayout.SIDECAR_SUFFIX)),
      (info) => Effect.map(sidecarAt(store, info.key), Option.map(({ record }) => record)),
      { concurrency: VERSION_READS }
    )
    const current = yield* Effect.map(sidecarAt(store, DatasetLayout.sidecarKey(layout)), Option.map(({ record }) => record))
    for (const record of [...records, ...kept.flatMap(Option.toArray), ...Option.toArray(current)]) {
      if (!byId.has(record.commitId)) byId.set(record.commitId, record)
    }
    return [...byId.values()].sort((a, b) => BlobKey.compare(a.commitId, b.commitId))
  })

/** Objects read at once by {@link versions}. */
const VERSION_READS = 8

/**
 * Reads a partition's sidecar (its path relative to `<project>/<asset>/`) to decide what is
 * committed, when markers disagree or there is none; a committed partition gets its index
 * repaired. `partition` is checked against the sidecar's record when known.
 */
const observeFromSidecar = (store: BlobStoreShape, project: string, asset: string, sidecarRelative: string, partition?: string) =>
  Effect.gen(function* () {
    const found = yield* sidecarAt(store, `${assetFolder(project, asset)}${sidecarRelative}`)
    if (Option.isNone(found)) return Option.none<Observation>()
    const record = found.value.record
    if (record.asset !== asset || (partition !== undefined && record.partition !== partition)) return Option.none<Observation>()
    const layout = layoutOfSidecar(project, asset, record.partition, sidecarRelative, record.dataKey)
    if (DatasetLayout.dataKey(layout) !== record.dataKey) return Option.none<Observation>()
    const source = yield* dataMatches(store, record)
    if (Option.isNone(source)) return Option.none<Observation>()
    yield* repairIndex(store, layout, record)
    return Option.some<Observation>({
      asset,
      partition: record.partition,
      codeVersion: record.codeVersion,
      dataVersion: record.dataVersion,
      inputsDigest: record.inputsDigest
    })
  })

/** The layout of a partition from its sidecar's path under the asset and its data key. */
const layoutOfSidecar = (project: string, asset: string, partition: string, sidecarRelative: string, dataKey: string): DatasetLayout.DatasetLayout => {
  const slash = sidecarRelative.lastIndexOf("/")
  const dataset = sidecarRelative.slice(slash + 1, sidecarRelative.length - DatasetLayout.SIDECAR_SUFFIX.length)
  return {
    project,
    asset,
    partition,
    partitionPath: slash < 0 ? "" : sidecarRelative.slice(0, slash),
    dataset,
    ext: dataKey.slice(dataKey.lastIndexOf("/") + 1 + dataset.length + 1)
  }
}

/**
 * Finishes the bookkeeping of a commit that was interrupted after its sidecar (the partition is
 * committed, but its committed index marker, or on a versioned store its version record, is
 * missing): writes them, so the next observation lists it from LIST calls alone again.
 */
const repairIndex = (store: BlobStoreShape, layout: DatasetLayout.DatasetLayout, record: CommitRecord) =>
  Effect.gen(function* () {
    const versionRecord = versionKey(layout, record.commitId)
    if (record.dataVersionId !== undefined && Option.isNone(yield* store.head(versionRecord))) {
      yield* store.put(versionRecord, encoder.encode(JSON.stringify(record)), { contentType: "application/json" })
    }
    yield* writeMarker(store, layout, record)
  })

/** Options of {@link observe}. */
export interface ObserveOptions {
  /**
   * The sidecars present under `<project>/<asset>/` (paths relative to it), from a listing the
   * caller made anyway; when omitted, `observe` lists the asset's folder itself.
   */
  readonly sidecarPaths?: ReadonlySet<string>
  /**
   * Each partition's data object, by partition key, from the same listing. A partition whose
   * data has another size than its commit recorded (changed behind Strata's back) is left out,
   * as a missing one is, so that the next run rebuilds it; one whose data kept its size is
   * caught by reading it (the commit's SHA-1 is checked) or by `verify`.
   */
  readonly dataObjects?: ReadonlyMap<string, { readonly size: number }>
}

/** The sidecar paths under `<project>/<asset>/`, from one listing of it. */
const listSidecarPaths = (store: BlobStoreShape, project: string, asset: string) =>
  Effect.gen(function* () {
    const folder = assetFolder(project, asset)
    const paths = new Set<string>()
    yield* Stream.runForEach(store.list(folder), (info) =>
      Effect.sync(() => {
        if (info.key.endsWith(DatasetLayout.SIDECAR_SUFFIX)) paths.add(info.key.slice(folder.length))
      })
    )
    return paths
  })

const byPartition = (a: Observation, b: Observation): number => BlobKey.compare(a.partition, b.partition)

/**
 * The observation of every committed partition of `asset`, in partition-key order, from LIST
 * calls over its index markers (one call per 1,000 partitions) and over its folder. Only a
 * partition whose markers disagree (an interrupted commit of an earlier layout), or whose
 * sidecar has no marker (a commit interrupted after its sidecar, or in progress), costs a read
 * of its sidecar.
 */
export const observe = (project: string, asset: string, options: ObserveOptions = {}): Stream.Stream<Observation, BlobStoreError, BlobStore> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const store = yield* BlobStore
      const prefix = DatasetLayout.internalPrefix("index", project, asset)
      const markers: Array<IndexMarker.Marker> = []
      yield* Stream.runForEach(store.list(prefix), (info) =>
        Effect.sync(() => {
          const marker = IndexMarker.parse(info.key.slice(prefix.length))
          if (marker !== undefined) markers.push(marker)
        })
      )
      const sidecarPaths = options.sidecarPaths ?? (yield* listSidecarPaths(store, project, asset))
      const groups = new Map<string, Array<IndexMarker.Marker>>()
      const marked = new Set<string>()
      for (const marker of markers) {
        const group = groups.get(marker.partition)
        if (group === undefined) groups.set(marker.partition, [marker])
        else group.push(marker)
        marked.add(marker.sidecarPath)
      }
      const observations: Array<Observation> = []
      const fallbacks: Array<{ readonly sidecarPath: string; readonly partition?: string }> = []
      for (const [partition, group] of groups) {
        const first = group[0]
        if (first === undefined) continue
        if (group.length === 1 && first._tag === "Committed") {
          if (options.dataObjects !== undefined && options.dataObjects.get(partition)?.size !== first.bytes) continue
          observations.push({ asset, partition, codeVersion: first.codeVersion, dataVersion: first.dataVersion, inputsDigest: first.inputsDigest })
        } else {
          fallbacks.push({ sidecarPath: first.sidecarPath, partition })
        }
      }
      for (const sidecarPath of sidecarPaths) if (!marked.has(sidecarPath)) fallbacks.push({ sidecarPath })
      const recovered = yield* Effect.forEach(fallbacks, (fallback) => observeFromSidecar(store, project, asset, fallback.sidecarPath, fallback.partition), {
        concurrency: FALLBACK_CONCURRENCY
      })
      const seen = new Set(observations.map((observation) => observation.partition))
      for (const observation of recovered) {
        if (Option.isSome(observation) && !seen.has(observation.value.partition)) {
          seen.add(observation.value.partition)
          observations.push(observation.value)
        }
      }
      return Stream.fromIterable(observations.sort(byPartition))
    })
  )
