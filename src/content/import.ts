import { importer } from 'ipfs-unixfs-importer'
import { pushable } from 'it-pushable'
import { InvalidArgumentError, LimitExceededError } from '../errors.ts'
import { pinRecursive, withPinGuard } from '../pins.ts'
import { ImportedDag } from './imported-dag.ts'
import { importHasher, importerOptions } from './import-params.ts'
import { Rehasher } from './rehash.ts'
import type { ImportParams } from './import-params.ts'
import type { Config } from '../config.ts'
import type { Helia } from '@helia/interface'
import type { Mtime } from 'ipfs-unixfs'
import type { ImportCandidate } from 'ipfs-unixfs-importer'
import type { CID } from 'multiformats/cid'
import type { MultihashHasher } from 'multiformats/hashes/interface'

/** One file or directory of an upload, in upload order. */
export interface ImportEntry {
  /** Relative path, already checked by `uploadPath`; '' for unnamed content. */
  path: string
  /** Undefined for a directory. */
  content?: AsyncIterable<Uint8Array>
  mode?: number
  mtime?: Mtime
}

export type ImportEvent =
  | { type: 'progress', name: string, bytes: number }
  | { type: 'entry', name: string, cid: CID, size: bigint }

export interface ImportOptions extends ImportParams {
  /** Pin the roots when the import is complete (Kubo's default). */
  pin?: boolean
  pinName?: string
  /** Compute CIDs without storing blocks. */
  onlyHash?: boolean
  /** Emit progress events while file bytes are read. */
  progress?: boolean
  /** Total bytes of file content allowed. */
  maxBytes: number
  signal?: AbortSignal
}

/** Progress is reported at most once per this many bytes of a file, and at its end. */
const PROGRESS_STEP_BYTES = 262_144

/** Stands in for the blockstore when only CIDs are wanted. */
const discardingBlockstore = { put: (cid: CID) => Promise.resolve(cid) }

/**
 * Imports an upload as UnixFS, streaming: file bytes flow from the request
 * into the importer chunk by chunk. Yields progress and one event per file
 * and directory (directories after their contents, the root last), then pins
 * the roots, so a failed upload leaves no pin behind.
 */
export async function * importEntries (
  node: { helia: Pick<Helia, 'blockstore' | 'pins'>, config: Pick<Config, 'importProfile'> },
  entries: AsyncIterable<ImportEntry>,
  options: ImportOptions
): AsyncGenerator<ImportEvent> {
  const events = pushable<ImportEvent>({ objectMode: true })
  const budget = { remaining: options.maxBytes }
  const dag = new ImportedDag()
  const importOptions = importerOptions(node.config.importProfile, options)
  const hasher = importHasher(options)
  const rehasher = hasher == null ? undefined : new Rehasher(hasher)
  const recording = dag.recording(node.helia.blockstore)
  const store = options.onlyHash === true ? discardingBlockstore : recording
  const blockstore = rehasher?.wrapping(store) ?? store
  /** The CID and size a block is stored under, which differ from the importer's with another hash. */
  const stored = (cid: CID, size: bigint): { cid: CID, size: bigint } => {
    if (rehasher == null) {
      return { cid, size }
    }
    const renamed = rehasher.renamed(cid)
    return { cid: renamed.cid, size: renamed.cumulativeSize }
  }

  const run = async (): Promise<void> => {
    const roots: CID[] = []
    const emptyDirs = new EmptyDirectories(importOptions, hasher)
    const source = inOrder(entries, entry => {
      emptyDirs.saw(entry)
      return candidate(entry, events, budget, options)
    })
    for await (const result of importer(source, blockstore, importOptions)) {
      const name = result.path ?? result.cid.toString()
      for (const dir of await emptyDirs.under(name)) {
        events.push(dir)
      }
      const entry = stored(result.cid, result.size)
      events.push({ type: 'entry', name, ...entry })
      if (importOptions.wrapWithDirectory === true ? result.path === '' : !name.includes('/')) {
        roots.push(entry.cid)
      }
    }
    // every block on disk before a pin counts it, and before the add reports success
    await recording.flushed()
    if (options.pin !== false && options.onlyHash !== true) {
      await pinRecursive(node.helia, roots, { signal: options.signal, name: options.pinName, walker: dag.walker(), blocksOf: root => dag.blocksUnder(root) })
    }
  }
  // holding the pin guard keeps `repo gc` from sweeping blocks written but not yet pinned
  // a failed import still lets its writes finish under the guard, so that gc never races them
  const guarded = async (): Promise<void> => { await run().catch(async (err: unknown) => { await recording.flushed().catch(() => {}); throw err }) }
  withPinGuard(node.helia.pins, guarded).then(() => events.end(), (err: Error) => events.end(err))
  yield * events
}

function candidate (entry: ImportEntry, events: { push(e: ImportEvent): unknown }, budget: { remaining: number }, options: ImportOptions): { candidate: ImportCandidate, consumed: Promise<void> } {
  const base = { path: entry.path === '' ? undefined : entry.path, mode: entry.mode, mtime: entry.mtime }
  if (entry.content == null) {
    if (base.path == null) {
      throw new InvalidArgumentError('a directory part needs a name')
    }
    return { candidate: { ...base, path: base.path }, consumed: Promise.resolve() }
  }
  const source = entry.content
  let finished!: () => void
  const consumed = new Promise<void>(resolve => { finished = resolve })
  const name = entry.path === '' ? '' : entry.path
  const content = (async function * () {
    let bytes = 0
    let reported = 0
    try {
      for await (const chunk of source) {
        options.signal?.throwIfAborted()
        budget.remaining -= chunk.byteLength
        if (budget.remaining < 0) {
          throw new LimitExceededError(`the upload is larger than the ${options.maxBytes} byte limit`)
        }
        bytes += chunk.byteLength
        if (options.progress === true && bytes - reported >= PROGRESS_STEP_BYTES) {
          events.push({ type: 'progress', name, bytes })
          reported = bytes
        }
        yield chunk
      }
      // an empty file still gets its one line, `Bytes: 0`, as in Kubo
      if (options.progress === true && (bytes !== reported || bytes === 0)) {
        events.push({ type: 'progress', name, bytes })
      }
    } finally {
      finished()
    }
  })()
  return { candidate: { ...base, content }, consumed }
}

/**
 * The importer links empty directories into their parent but never reports
 * them, where `ipfs add` prints every directory. This remembers them and
 * reports each one, with its CID, just before its parent.
 */
class EmptyDirectories {
  private readonly pending = new Map<string, ImportEntry>()
  private readonly importOptions: ReturnType<typeof importerOptions>
  private readonly hasher: MultihashHasher | undefined

  constructor (importOptions: ReturnType<typeof importerOptions>, hasher: MultihashHasher | undefined) {
    this.importOptions = importOptions
    this.hasher = hasher
  }

  saw (entry: ImportEntry): void {
    if (entry.content == null) {
      this.pending.set(entry.path, entry)
    } else {
      // a file inside means the directory is not empty, and so are its ancestors
      for (const dir of this.pending.keys()) {
        if (entry.path.startsWith(dir + '/')) {
          this.pending.delete(dir)
        }
      }
    }
  }

  async under (path: string): Promise<ImportEvent[]> {
    this.pending.delete(path)
    const prefix = path === '' ? '' : path + '/'
    const found: ImportEvent[] = []
    for (const [dir, entry] of [...this.pending].sort(([a], [b]) => a.localeCompare(b))) {
      if (!dir.startsWith(prefix) || [...this.pending.keys()].some(other => other.startsWith(dir + '/'))) {
        continue
      }
      this.pending.delete(dir)
      const rehasher = this.hasher == null ? undefined : new Rehasher(this.hasher)
      const [lone] = await Array.fromAsync(importer([{ path: 'd', mode: entry.mode, mtime: entry.mtime }], rehasher?.wrapping(discardingBlockstore) ?? discardingBlockstore, { ...this.importOptions, wrapWithDirectory: false }))
      if (lone != null) {
        const renamed = rehasher?.renamed(lone.cid)
        found.push({ type: 'entry', name: dir, cid: renamed?.cid ?? lone.cid, size: renamed?.cumulativeSize ?? lone.size })
      }
    }
    return found
  }
}

/**
 * Hands entries to the importer one at a time: the next entry is read only
 * when the previous one's bytes have been consumed, because a multipart body
 * cannot be read out of order.
 */
async function * inOrder<T> (entries: AsyncIterable<ImportEntry>, wrap: (entry: ImportEntry) => { candidate: T, consumed: Promise<void> }): AsyncGenerator<T> {
  for await (const entry of entries) {
    const { candidate, consumed } = wrap(entry)
    yield candidate
    await consumed
  }
}
