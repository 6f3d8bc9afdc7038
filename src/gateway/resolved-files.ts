import { LRUCache } from 'lru-cache'
import type { CID } from 'multiformats/cid'

/**
 * Content paths remembered by one gateway.
 *
 * @default 10_000
 */
export const RESOLVED_FILES_MAX = 10_000

/** A file the gateway sends, as much as its answer's headers need to know. */
export interface GatewayFile {
  cid: CID
  /**
   * Where its bytes are: in the CID (`identity`), the whole block (`raw`), the
   * UnixFS data of its one block (`single`, `symlink`: the target path), or
   * the leaves of its DAG (`dag`).
   */
  kind: 'identity' | 'raw' | 'single' | 'symlink' | 'dag'
  size: number
}

/** What a content path resolved to: the file, the CIDs on the way (`X-Ipfs-Roots`), and its sniffed type once known. */
export interface ResolvedFile {
  file: GatewayFile
  roots: CID[]
  sniffed?: string
}

/**
 * The files content paths led to. What `/ipfs/<cid>/<path>` names never
 * changes, so once a path has been walked (directories, shards, the exporter)
 * and its type sniffed, the next request for it skips that work. Only the
 * facts are kept, never bytes: every answer still reads its blocks through
 * the request's retrieval policy, so a block removed since (gc, `block/rm`)
 * is fetched again or missing as it would be without this cache.
 */
export class ResolvedFiles {
  readonly #paths: LRUCache<string, ResolvedFile>

  constructor (max = RESOLVED_FILES_MAX) {
    this.#paths = new LRUCache({ max })
  }

  get (root: CID, path: string[]): ResolvedFile | undefined {
    return this.#paths.get(key(root, path))
  }

  set (root: CID, path: string[], resolved: ResolvedFile): void {
    this.#paths.set(key(root, path), resolved)
  }
}

/** Segments are encoded again so that `a%2Fb` and `a/b` stay apart. */
function key (root: CID, path: string[]): string {
  return path.length === 0 ? root.toString() : `${root.toString()}/${path.map(segment => encodeURIComponent(segment)).join('/')}`
}
