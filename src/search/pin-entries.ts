import { SEARCH_MAX_ENTRIES_PER_PIN } from '../constants.ts'
import { unixfsEntries } from '../content/unixfs-entries.ts'
import type { CatalogEntry } from './catalog.ts'
import type { PinListing } from '../pins.ts'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

export interface PinEntriesOptions {
  /** Levels below the root whose names are listed. */
  depth: number
  /** @default SEARCH_MAX_ENTRIES_PER_PIN */
  maxEntries?: number
  signal?: AbortSignal
}

/**
 * The catalog entries of one public pin: the root, carrying the pin's name,
 * description and keywords, then each file and folder down to `depth`.
 * Reads this node's blocks only (a pinned DAG is here; a direct pin's
 * children may not be): what cannot be read is left out, and a root that is
 * not UnixFS is listed by its pin's words alone.
 */
export async function pinEntries (blockstore: Pick<Blockstore, 'get'>, root: CID, listing: PinListing, options: PinEntriesOptions): Promise<CatalogEntry[]> {
  const rootId = root.toString()
  const max = options.maxEntries ?? SEARCH_MAX_ENTRIES_PER_PIN
  const entries: CatalogEntry[] = []
  const base = { root: rootId, pinName: listing.name, title: '', description: '', keywords: '' }
  try {
    for await (const { path, entry } of unixfsEntries(blockstore, root, '', { maxDepth: options.depth, maxEntries: max + 1, signal: options.signal })) {
      if (entries.length >= max) {
        break
      }
      entries.push({
        ...base,
        id: `${rootId}/${path}`,
        cid: entry.cid.toString(),
        path,
        // the walker names an entry by its CID; its name is the path's last segment
        name: path.slice(path.lastIndexOf('/') + 1),
        size: Number(entry.size)
      })
    }
  } catch (err) {
    if (options.signal?.aborted === true) {
      throw err
    }
  }
  const top = entries[0]?.path === '' ? entries[0] : undefined
  const rootEntry: CatalogEntry = { ...(top ?? { ...base, id: `${rootId}/`, cid: rootId, path: '', name: '', size: 0 }), title: listing.name, description: listing.description, keywords: listing.keywords.join(' ') }
  return [rootEntry, ...entries.filter(entry => entry !== top)]
}
