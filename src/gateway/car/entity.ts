import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { linksOf } from '../../dag/links.ts'
import type { CarParams, EntityBytes } from './params.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** Byte offsets into a file, both inclusive. */
export interface ByteRange {
  from: number
  to: number
}

/**
 * Which links of a block the CAR follows: none, every link (`dag-scope=all`),
 * the sub-shards of a HAMT directory, or the parts of a UnixFS file that hold
 * bytes of `range` (`start` is where this node's bytes begin in the file).
 */
export type Expansion =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'hamt' }
  | { kind: 'file', start: number, range: ByteRange }

export interface Child {
  cid: CID
  expansion: Expansion
}

const NONE: Expansion = { kind: 'none' }

/**
 * What the CAR carries below the block the path ends at. For
 * `dag-scope=entity`: a UnixFS file's blocks (only those `entity-bytes`
 * needs), a HAMT directory's shards (not its entries), and for anything
 * else, a plain directory or a DAG-CBOR node, the block alone.
 */
export function terminalExpansion (cid: CID, bytes: Uint8Array, params: CarParams): Expansion {
  if (params.scope === 'block') {
    return NONE
  }
  if (params.scope === 'all') {
    return { kind: 'all' }
  }
  const unixfs = decodeUnixFS(decodePb(cid, bytes))
  if (unixfs?.type === 'hamt-sharded-directory') {
    return { kind: 'hamt' }
  }
  if (unixfs?.type === 'file' || unixfs?.type === 'raw') {
    const range = resolveRange(params.entityBytes, Number(unixfs.fileSize()))
    // a range that holds no byte of the file is answered like dag-scope=block
    return range == null ? NONE : { kind: 'file', start: 0, range }
  }
  return NONE
}

/** The links of a block the CAR follows, in the order they appear in it. */
export async function childrenOf (getCodec: Helia['getCodec'], cid: CID, bytes: Uint8Array, expansion: Expansion): Promise<Child[]> {
  switch (expansion.kind) {
    case 'none':
      return []
    case 'all':
      return (await linksOf(getCodec, cid, bytes)).map(link => ({ cid: link, expansion }))
    case 'hamt':
      return shardsOf(cid, bytes)
    case 'file':
      return partsOf(cid, bytes, expansion.start, expansion.range)
  }
}

/**
 * `from:to` against a file of `size` bytes: negative offsets count from the
 * end, `*` is the last byte, and the range is cut to the file. Undefined
 * when no byte of the file is in it.
 */
export function resolveRange (entityBytes: EntityBytes | undefined, size: number): ByteRange | undefined {
  const asked = entityBytes ?? { from: 0, to: '*' }
  const from = asked.from < 0 ? Math.max(0, size + asked.from) : asked.from
  const to = asked.to === '*' ? size - 1 : Math.min(size - 1, asked.to < 0 ? size + asked.to : asked.to)
  return from > to || from >= size ? undefined : { from, to }
}

/** A HAMT node's links to sub-shards: named by their bucket alone, as entries are bucket + name. */
function shardsOf (cid: CID, bytes: Uint8Array): Child[] {
  const node = decodePb(cid, bytes)
  const unixfs = decodeUnixFS(node)
  if (node == null || unixfs?.type !== 'hamt-sharded-directory' || unixfs.fanout == null) {
    return []
  }
  const bucketChars = (Number(unixfs.fanout) - 1).toString(16).length
  return node.Links
    .filter(link => link.Name?.length === bucketChars)
    .map(link => ({ cid: link.Hash, expansion: { kind: 'hamt' } }))
}

/** A file node's children that hold bytes of `range`; each starts where the previous ended. */
function partsOf (cid: CID, bytes: Uint8Array, start: number, range: ByteRange): Child[] {
  const node = decodePb(cid, bytes)
  const unixfs = decodeUnixFS(node)
  if (node == null || unixfs == null) {
    return []
  }
  const children: Child[] = []
  let offset = start + (unixfs.data?.byteLength ?? 0)
  node.Links.forEach((link, i) => {
    const size = Number(unixfs.blockSizes[i] ?? 0n)
    const end = offset + size - 1
    if (size > 0 && end >= range.from && offset <= range.to) {
      children.push({ cid: link.Hash, expansion: { kind: 'file', start: offset, range } })
    }
    offset += size
  })
  return children
}

function decodePb (cid: CID, bytes: Uint8Array): dagPb.PBNode | undefined {
  if (cid.code !== dagPb.code) {
    return undefined
  }
  try {
    return dagPb.decode(bytes)
  } catch {
    return undefined
  }
}

/** The UnixFS data of a dag-pb node; undefined for other codecs and for dag-pb that is not UnixFS. */
function decodeUnixFS (node: dagPb.PBNode | undefined): UnixFS | undefined {
  const data = node?.Data
  if (data == null) {
    return undefined
  }
  try {
    return UnixFS.unmarshal(data)
  } catch {
    return undefined
  }
}
