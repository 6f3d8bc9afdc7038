import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import * as raw from 'multiformats/codecs/raw'
import { LISTING_DETAIL_LIMIT } from '../constants.ts'
import type { Retrieval } from './retrieval.ts'
import type { UnixFSDirectory } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'

export interface ListingEntry {
  name: string
  cid: CID
  /** 'unknown' when the entry's root block is not held here (the listing never fetches children). */
  kind: 'file' | 'directory' | 'symlink' | 'unknown'
  /** File size in bytes when known; otherwise the link's DAG size (`Tsize`). */
  size: bigint
  /** True when `size` is the exact file size, false when it is the DAG size. */
  exact: boolean
}

/**
 * The entries of a UnixFS directory for an HTML index, sorted by name. Reads
 * only the directory's own blocks (all shards of a HAMT): an entry's kind and
 * exact size come from its root block when this node already holds it, for
 * the first entries only, so a listing is fast however large the directory.
 */
export async function listForIndex (retrieval: Retrieval, directory: UnixFSDirectory): Promise<ListingEntry[]> {
  const entries: ListingEntry[] = []
  for await (const link of directory.entries({ signal: retrieval.signal, offline: retrieval.offline })) {
    entries.push({ name: link.name, cid: link.cid, kind: link.cid.code === raw.code ? 'file' : 'unknown', size: link.size, exact: false })
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  await Promise.all(entries.slice(0, LISTING_DETAIL_LIMIT).map(async entry => { await describe(retrieval, entry) }))
  return entries
}

async function describe (retrieval: Retrieval, entry: ListingEntry): Promise<void> {
  if (!await retrieval.has(entry.cid)) {
    return
  }
  const bytes = await retrieval.block(entry.cid)
  if (entry.cid.code === raw.code) {
    Object.assign(entry, { size: BigInt(bytes.byteLength), exact: true })
    return
  }
  if (entry.cid.code !== dagPb.code) {
    return
  }
  try {
    const node = dagPb.decode(bytes)
    const unixfs = node.Data == null ? undefined : UnixFS.unmarshal(node.Data)
    if (unixfs == null) {
      return
    }
    if (unixfs.isDirectory()) {
      Object.assign(entry, { kind: 'directory' })
    } else if (unixfs.type === 'symlink') {
      Object.assign(entry, { kind: 'symlink' })
    } else {
      Object.assign(entry, { kind: 'file', size: unixfs.fileSize(), exact: true })
    }
  } catch {
    // not UnixFS: the listing keeps what the link said
  }
}
