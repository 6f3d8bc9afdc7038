import { exporter } from 'ipfs-unixfs-exporter'
import { notFoundPath } from './cat.ts'
import { IdleDeadline } from './idle-deadline.ts'
import type { Blockstore } from 'interface-blockstore'
import type { UnixFSEntry } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'

/** UnixFS data types as Kubo reports them in `ls`. */
export const UNIXFS_TYPE = { raw: 0, directory: 1, file: 2, metadata: 3, symlink: 4, 'hamt-sharded-directory': 5 } as const

export interface ListedLink {
  name: string
  cid: CID
  /** File size in bytes; 0 for directories, as Kubo prints. */
  size: bigint
  type: number
  /** Symlink target, when the entry is one. */
  target?: string
}

export interface ListOptions {
  idleTimeoutMs: number
  signal?: AbortSignal
}

/**
 * The entries of a directory, one at a time, with their types and sizes; a
 * file lists as itself with no links. Sharded directories are listed whole.
 */
export async function * listDirectory (blockstore: Pick<Blockstore, 'get'>, cid: CID, path: string, options: ListOptions): AsyncGenerator<ListedLink> {
  const deadline = new IdleDeadline(options.idleTimeoutMs, options.signal)
  const what = path === '' ? cid.toString() : `${cid.toString()}/${path}`
  try {
    const target = await exporter(path === '' ? cid : what, blockstore, { signal: deadline.signal })
    if (target.type !== 'directory') {
      return
    }
    for await (const child of target.entries({ signal: deadline.signal })) {
      deadline.touch()
      const entry = await exporter(child.cid, blockstore, { signal: deadline.signal })
      yield describe(child.name, entry)
    }
  } catch (err) {
    throw deadline.explain(notFoundPath(err, what), what)
  } finally {
    deadline.clear()
  }
}

function describe (name: string, entry: UnixFSEntry): ListedLink {
  if (entry.type === 'directory') {
    return { name, cid: entry.cid, size: 0n, type: UNIXFS_TYPE[entry.unixfs.type === 'hamt-sharded-directory' ? 'hamt-sharded-directory' : 'directory'] }
  }
  if (entry.type === 'file') {
    if (entry.unixfs.type === 'symlink') {
      return { name, cid: entry.cid, size: 0n, type: UNIXFS_TYPE.symlink, target: new TextDecoder().decode(entry.unixfs.data) }
    }
    return { name, cid: entry.cid, size: entry.size, type: UNIXFS_TYPE.file }
  }
  return { name, cid: entry.cid, size: entry.size, type: UNIXFS_TYPE.file }
}
