import { posix } from 'node:path'
import { pack } from 'it-tar'
import { UnsupportedContentError } from '../errors.ts'
import { unixfsEntries } from './unixfs-entries.ts'
import type { EntriesOptions } from './unixfs-entries.ts'
import type { Blockstore } from 'interface-blockstore'
import type { TarImportCandidate } from 'it-tar'
import type { CID } from 'multiformats/cid'

export interface TarOptions extends EntriesOptions {
  /** Name of the top entry; the last path segment (or the CID) by default. */
  name?: string
}

/**
 * A tar stream of a UnixFS file or tree, as `ipfs get` produces: the top
 * entry is named after the last path segment (or the CID), directories come
 * before their contents, and file bytes stream straight from the blockstore.
 * Entry names are normalised; one that would land outside the top entry (a
 * UnixFS name like `../x`) fails the stream, as Kubo refuses it.
 */
export function tarOf (blockstore: Pick<Blockstore, 'get'>, cid: CID, path: string, options: TarOptions): AsyncGenerator<Uint8Array> {
  const top = options.name ?? (path === '' ? cid.toString() : path.split('/').at(-1) ?? cid.toString())
  return pack()(tarEntries(blockstore, cid, path, top, options))
}

async function * tarEntries (blockstore: Pick<Blockstore, 'get'>, cid: CID, path: string, top: string, options: EntriesOptions): AsyncGenerator<TarImportCandidate> {
  for await (const { path: relative, entry, signal } of unixfsEntries(blockstore, cid, path, options)) {
    const name = insideTop(top, relative)
    const mode = 'unixfs' in entry ? entry.unixfs.mode : undefined
    const secs = 'unixfs' in entry ? entry.unixfs.mtime?.secs : undefined
    const mtime = secs == null ? new Date(0) : new Date(Number(secs) * 1000)
    if (entry.type === 'directory') {
      yield { header: { name, type: 'directory', mode: mode ?? 0o755, mtime } }
    } else if (entry.type === 'file' || entry.type === 'raw' || entry.type === 'identity') {
      yield {
        header: { name, type: 'file', size: Number(entry.size), mode: mode ?? 0o644, mtime },
        body: entry.content({ signal })
      }
    }
  }
}

function insideTop (top: string, relative: string): string {
  if (relative === '') {
    return top
  }
  const name = posix.normalize(`${top}/${relative}`)
  if (!name.startsWith(`${top}/`)) {
    // Kubo's wording (typo included): the gateway conformance suite looks for it
    throw new UnsupportedContentError(`cannot archive "${top}/${relative}": relative UnixFS paths outside the root are now allowed`)
  }
  return name
}
