import { pack } from 'it-tar'
import { walk } from './walk.ts'
import type { WalkOptions } from './walk.ts'
import type { Blockstore } from 'interface-blockstore'
import type { TarImportCandidate } from 'it-tar'
import type { CID } from 'multiformats/cid'

/**
 * A tar stream of a UnixFS file or tree, as `ipfs get` produces: the top
 * entry is named after the last path segment (or the CID), directories come
 * before their contents, and file bytes stream straight from the blockstore.
 */
export function tarOf (blockstore: Pick<Blockstore, 'get'>, cid: CID, path: string, options: WalkOptions): AsyncGenerator<Uint8Array> {
  const top = path === '' ? cid.toString() : path.split('/').at(-1) ?? cid.toString()
  return pack()(tarEntries(blockstore, cid, path, top, options))
}

async function * tarEntries (blockstore: Pick<Blockstore, 'get'>, cid: CID, path: string, top: string, options: WalkOptions): AsyncGenerator<TarImportCandidate> {
  for await (const { path: relative, entry, signal } of walk(blockstore, cid, path, options)) {
    const name = relative === '' ? top : `${top}/${relative}`
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
