import { opendir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { NotFoundError } from 'interface-store'
import { LRUCache } from 'lru-cache'
import type { AbortOptions } from '@libp2p/interface'
import type { ShardingStrategy } from 'blockstore-fs/sharding'
import type { StorageLimit } from './storage/limit.ts'
import type { CID } from 'multiformats/cid'

type BlockInput = Parameters<FsBlockstore['put']>[1]

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
  /** Blocks being written now: a second put of one of them is not counted twice. */
  readonly #writing = new Set<string>()

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
    if (this.#cache != null && bytes.byteLength <= this.#cache.maxSize) {
      this.#cache.set(id, bytes)
    }
    yield bytes
  }

  override async put (key: CID, val: BlockInput, options?: AbortOptions): Promise<CID> {
    const limit = this.#limit
    const id = cacheKey(key)
    if (limit == null || this.#writing.has(id) || await super.has(key, options)) {
      return super.put(key, val, options)
    }
    const bytes = val instanceof Uint8Array ? val : Buffer.concat(await Array.fromAsync(val))
    limit.reserve(bytes.byteLength)
    this.#writing.add(id)
    try {
      return await super.put(key, bytes, options)
    } catch (err) {
      limit.release(bytes.byteLength)
      throw err
    } finally {
      this.#writing.delete(id)
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

/** Files are named after the multihash, so CIDv0 and v1 of one block share an entry too. */
function cacheKey (key: CID): string {
  return Buffer.from(key.multihash.bytes.buffer, key.multihash.bytes.byteOffset, key.multihash.bytes.byteLength).toString('base64')
}
