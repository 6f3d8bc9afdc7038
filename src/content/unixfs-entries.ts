import { exporter } from 'ipfs-unixfs-exporter'
import { MAX_WALK_ENTRIES } from '../constants.ts'
import { LimitExceededError } from '../errors.ts'
import { notFoundPath } from './cat.ts'
import { IdleDeadline } from '../deadline.ts'
import { resolveUnixfsPath } from './unixfs-path.ts'
import type { Blockstore } from 'interface-blockstore'
import type { UnixFSEntry } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'

export interface EntriesOptions {
  /** Fail when no entry arrives for this long; leave out when the blockstore bounds each block wait itself. */
  idleTimeoutMs?: number
  maxEntries?: number
  /** Levels below the root whose entries are listed: 0 yields the root alone. @default Infinity */
  maxDepth?: number
  signal?: AbortSignal
}

export interface WalkedEntry {
  /** Path relative to the walk's root; the root itself is ''. */
  path: string
  entry: UnixFSEntry
  /** Aborts when the walk stalls (or the caller aborts); pass it to `entry.content()`. */
  signal: AbortSignal
}

/**
 * The entries (files, directories, symlinks) of a UnixFS tree, depth-first,
 * each directory before its children, read through the UnixFS exporter (the
 * blocks beneath are the exporter's business, not the DAG walker's),
 * fetching blocks from peers as needed. Bounded twice: it fails when no entry
 * arrives within the idle timeout (when one is given), and after `maxEntries`
 * entries.
 */
export async function * unixfsEntries (blockstore: Pick<Blockstore, 'get'>, cid: CID, path: string, options: EntriesOptions): AsyncGenerator<WalkedEntry> {
  const deadline = options.idleTimeoutMs == null ? undefined : new IdleDeadline(options.idleTimeoutMs, options.signal)
  const signal = deadline?.signal ?? options.signal ?? new AbortController().signal
  const what = path === '' ? cid.toString() : `${cid.toString()}/${path}`
  const limit = options.maxEntries ?? MAX_WALK_ENTRIES
  const maxDepth = options.maxDepth ?? Infinity
  let visited = 0
  try {
    const root = await exporter(await resolveUnixfsPath(blockstore, cid, path, { signal }), blockstore, { signal })
    const stack: Array<{ path: string, entry: UnixFSEntry, depth: number }> = [{ path: '', entry: root, depth: 0 }]
    while (stack.length > 0) {
      const next = stack.pop()
      if (next == null) {
        break
      }
      if (++visited > limit) {
        throw new LimitExceededError(`${what} has more than ${limit} entries`)
      }
      deadline?.touch()
      yield { path: next.path, entry: next.entry, signal }
      if (next.entry.type === 'directory' && next.depth < maxDepth) {
        const children: Array<{ path: string, entry: UnixFSEntry, depth: number }> = []
        for await (const child of next.entry.entries({ signal })) {
          deadline?.touch()
          const entry = await exporter(child.cid, blockstore, { signal })
          children.push({ path: next.path === '' ? child.name : `${next.path}/${child.name}`, entry, depth: next.depth + 1 })
        }
        stack.push(...children.reverse())
      }
    }
  } catch (err) {
    throw deadline == null ? notFoundPath(err, what) : deadline.explain(notFoundPath(err, what), what)
  } finally {
    deadline?.clear()
  }
}
