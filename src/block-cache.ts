import { statSync, writeFileSync } from 'node:fs'
import { mkdir, opendir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { NotFoundError, PutFailedError } from 'interface-store'
import { LRUCache } from 'lru-cache'
import type { AbortOptions } from '@libp2p/interface'
import type { ShardingStrategy } from 'blockstore-fs/sharding'
import type { StorageLimit } from './storage/limit.ts'
import type { CID } from 'multiformats/cid'

type BlockInput = Parameters<FsBlockstore['put']>[1]

/**
 * Blocks up to one page are created in place with one synchronous write: a
 * crash leaves such a file whole or empty, never half written, and an empty
 * one is told apart (see `mayBeEmpty`). Larger blocks are written off the
 * event loop, to a temporary file renamed into place.
 */
const IN_PLACE_WRITE_BYTES = 4096

/** sha2-256 of no bytes: the only sha2-256 block that may be an empty file. */
const EMPTY_SHA256 = Buffer.from('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex')

/** Most blocks remembered as missing between Helia's `has` and its `put`. */
const ABSENT_MEMO_SIZE = 4096

export interface CachedFsBlockstoreInit {
  shardingStrategy: ShardingStrategy
  /** Bytes of recently read blocks kept in memory; 0 turns the cache off. */
  cacheBytes: number
  /** Counts the bytes stored, against CAIRN_STORAGE_MAX; absent: nothing is counted. */
  limit?: StorageLimit
}

/**
 * blockstore-fs with two changes on the read path, both measured by the
 * bench: a block is read with one `readFile` (blockstore-fs streams it in
 * 64 KiB reads, a thread-pool round trip each, and every caller concatenates
 * them anyway), and recently read blocks are kept in a byte-bounded LRU, so a
 * hot file on the gateway costs no file system call at all. Writes do not
 * fill the cache: a big upload would only push out what readers use. `has`
 * still asks the disk: Helia checks it before every read, so `pin verify` and
 * fetching see a block file that went missing, whatever the cache holds.
 * Under a storage limit, each new block's bytes are reserved before it is
 * written and given back when it is deleted.
 */
export class CachedFsBlockstore extends FsBlockstore {
  readonly #names: ShardingStrategy
  readonly #cache: LRUCache<string, Uint8Array> | undefined
  readonly #limit: StorageLimit | undefined
  /** Blocks being written now: a second put of one of them waits for the first, and is not counted twice. */
  readonly #writing = new Map<string, Promise<void>>()
  /** Blocks `has` found missing since: their put need not look again. */
  readonly #absent = new Set<string>()
  /** Shard directories known to exist. */
  readonly #dirs = new Set<string>()
  #writes = 0

  constructor (location: string, init: CachedFsBlockstoreInit) {
    super(location, { shardingStrategy: init.shardingStrategy })
    this.#names = init.shardingStrategy
    this.#limit = init.limit
    this.#cache = init.cacheBytes > 0
      ? new LRUCache({ maxSize: init.cacheBytes, sizeCalculation: bytes => Math.max(bytes.byteLength, 1) })
      : undefined
  }

  override async * get (key: CID, options?: AbortOptions): AsyncGenerator<Uint8Array> {
    const id = cacheKey(key)
    const cached = this.#cache?.get(id)
    if (cached != null) {
      yield cached
      return
    }
    const { dir, file } = this.#names.encode(key)
    let bytes: Uint8Array
    try {
      bytes = await readFile(join(this.path, dir, file), { signal: options?.signal })
    } catch (err) {
      if ((err as Error).name === 'AbortError') {
        throw err
      }
      throw new NotFoundError(String(err))
    }
    if (bytes.byteLength === 0 && !mayBeEmpty(key)) {
      throw new NotFoundError(`${key.toString()}: an empty block file, left by a crash while it was written`)
    }
    if (this.#cache != null && bytes.byteLength <= this.#cache.maxSize) {
      this.#cache.set(id, bytes)
    }
    yield bytes
  }

  /**
   * Asks the file system synchronously: Helia asks before every put and every
   * read, and one `stat` of a cached directory entry takes microseconds,
   * where the thread pool's round trip (and its ENOENT error for a missing
   * block) took ~70 µs of the event loop's time in the bench.
   */
  // eslint-disable-next-line @typescript-eslint/require-await -- the interface is async; the answer is not
  override async has (key: CID, options?: AbortOptions): Promise<boolean> {
    options?.signal?.throwIfAborted()
    const found = this.#exists(key)
    if (!found) {
      // Helia asks just before each put: the put need not ask the disk again
      if (this.#absent.size >= ABSENT_MEMO_SIZE) {
        this.#absent.clear()
      }
      this.#absent.add(cacheKey(key))
    }
    return found
  }

  #exists (key: CID): boolean {
    const { dir, file } = this.#names.encode(key)
    const found = statSync(join(this.path, dir, file), { throwIfNoEntry: false })
    return found?.isFile() === true && (found.size > 0 || mayBeEmpty(key))
  }

  /**
   * Writes a block with fewer file system calls than blockstore-fs: each
   * shard directory is made once, a block Helia has just found missing is
   * not looked for again, and a block that fits one page is created in
   * place. A crash can leave such a file empty (see `mayBeEmpty`) but
   * never half written; larger blocks go to a temporary file renamed into
   * place. On this machine's ext4, create + rename took ~450 µs a block and
   * a create alone ~70 µs: the rename was most of a small file's add.
   */
  override async put (key: CID, val: BlockInput, options?: AbortOptions): Promise<CID> {
    const id = cacheKey(key)
    const writing = this.#writing.get(id)
    if (writing != null) {
      await writing
      if (this.#exists(key)) {
        return key
      }
      // that write failed: this put tries again
    }
    const knownAbsent = this.#absent.delete(id)
    const bytes = val instanceof Uint8Array ? val : Buffer.concat(await Array.fromAsync(val))
    if (!knownAbsent && this.#exists(key)) {
      return key
    }
    this.#limit?.reserve(bytes.byteLength)
    const write = this.#write(key, bytes, options)
    // what a second put of the block waits for: settled, never rejected (this put reports the failure)
    this.#writing.set(id, write.then(() => {}, () => {}))
    try {
      if (await write === 'existed') {
        this.#limit?.release(bytes.byteLength)
      }
    } catch (err) {
      this.#limit?.release(bytes.byteLength)
      throw new PutFailedError(String(err))
    } finally {
      this.#writing.delete(id)
    }
    return key
  }

  async #write (key: CID, bytes: Uint8Array, options?: AbortOptions): Promise<'written' | 'existed'> {
    const { dir, file } = this.#names.encode(key)
    const folder = join(this.path, dir)
    if (!this.#dirs.has(folder)) {
      await mkdir(folder, { recursive: true })
      this.#dirs.add(folder)
    }
    const path = join(folder, file)
    const temporary = join(folder, `.${file}.${process.pid}-${++this.#writes}.tmp`)
    try {
      if (bytes.byteLength <= IN_PLACE_WRITE_BYTES) {
        // one page: a synchronous create and write costs less than the thread-pool round trips around them
        writeFileSync(path, bytes, { flag: 'wx' })
      } else {
        await writeFile(temporary, bytes, { signal: options?.signal })
        await rename(temporary, path)
      }
      return 'written'
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') {
        if (this.#exists(key)) {
          return 'existed'
        }
        // an empty file a crash left behind
        await rm(path, { force: true })
        return this.#write(key, bytes, options)
      }
      await rm(temporary, { force: true })
      if (code === 'ENOENT' && this.#dirs.delete(folder)) {
        // the directory went away behind our back: make it again, once
        return this.#write(key, bytes, options)
      }
      throw err
    }
  }

  /**
   * Every block, listed by one walk of the directory entries: blockstore-fs
   * globs with a stat per file, the larger part of a garbage collection's
   * sweep. A block's bytes are read only when asked for.
   */
  override async * getAll (options?: AbortOptions): AsyncGenerator<{ cid: CID, bytes: AsyncGenerator<Uint8Array> }> {
    let entries
    try {
      entries = await opendir(this.path, { recursive: true, bufferSize: 256 })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return
      }
      throw err
    }
    for await (const entry of entries) {
      options?.signal?.throwIfAborted()
      if (entry.isFile() && entry.name.endsWith(this.#names.extension)) {
        const cid = this.#names.decode(entry.name)
        yield { cid, bytes: this.get(cid, options) }
      }
    }
  }

  override async delete (key: CID, options?: AbortOptions): Promise<void> {
    this.#cache?.delete(cacheKey(key))
    if (this.#limit == null) {
      await super.delete(key, options)
      return
    }
    const { dir, file } = this.#names.encode(key)
    const size = await stat(join(this.path, dir, file)).then(s => s.size, () => undefined)
    await super.delete(key, options)
    if (size !== undefined) {
      this.#limit.release(size)
    }
  }
}

/**
 * Whether an empty file can be this block: with sha2-256 only the empty
 * block's; an empty file for any other is what a crash left, and counts as
 * missing. Other hash functions are taken at their word.
 */
function mayBeEmpty (key: CID): boolean {
  return key.multihash.code !== 0x12 || Buffer.compare(key.multihash.digest, EMPTY_SHA256) === 0
}

/** Files are named after the multihash, so CIDv0 and v1 of one block share an entry too. */
function cacheKey (key: CID): string {
  return Buffer.from(key.multihash.bytes.buffer, key.multihash.bytes.byteOffset, key.multihash.bytes.byteLength).toString('base64')
}
