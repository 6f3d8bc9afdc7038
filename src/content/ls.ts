import { exporter } from 'ipfs-unixfs-exporter'
import { notFoundPath } from './cat.ts'
import { IdleDeadline } from '../deadline.ts'
import { resolveUnixfsPath } from './unixfs-path.ts'
import type { Blockstore } from 'interface-blockstore'
import type { Mtime } from 'ipfs-unixfs'
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
  /** Permission bits stored in the entry (UnixFS 1.5); undefined when it holds none. */
  mode?: number
  /** Modification time stored in the entry; undefined when it holds none. */
  mtime?: Mtime
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
    const target = await exporter(await resolveUnixfsPath(blockstore, cid, path, { signal: deadline.signal }), blockstore, { signal: deadline.signal })
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
    return { name, cid: entry.cid, size: 0n, type: UNIXFS_TYPE[entry.unixfs.type === 'hamt-sharded-directory' ? 'hamt-sharded-directory' : 'directory'], ...metadata(entry) }
  }
  if (entry.type === 'file') {
    if (entry.unixfs.type === 'symlink') {
      return { name, cid: entry.cid, size: 0n, type: UNIXFS_TYPE.symlink, target: new TextDecoder().decode(entry.unixfs.data), ...metadata(entry) }
    }
    return { name, cid: entry.cid, size: entry.size, type: UNIXFS_TYPE.file, ...metadata(entry) }
  }
  return { name, cid: entry.cid, size: entry.size, type: UNIXFS_TYPE.file }
}

/**
 * The mode and mtime a dag-pb entry stores. ipfs-unixfs reports a default
 * mode (0644, 0755) when none is stored, and never writes one either, so a
 * default mode counts as none.
 */
function metadata (entry: Extract<UnixFSEntry, { type: 'file' | 'directory' }>): Pick<ListedLink, 'mode' | 'mtime'> {
  const { unixfs } = entry
  const defaultMode = unixfs.isDirectory() ? 0o755 : 0o644
  return {
    mode: unixfs.mode == null || unixfs.mode === defaultMode ? undefined : unixfs.mode,
    mtime: unixfs.mtime
  }
}
