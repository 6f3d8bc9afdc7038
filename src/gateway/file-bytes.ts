import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import * as raw from 'multiformats/codecs/raw'
import { UnsupportedContentError } from '../errors.ts'
import { walkDag } from '../dag/walk.ts'
import type { WalkSource, WalkStep, VisitedBlock } from '../dag/walk.ts'
import type { CID } from 'multiformats/cid'

/**
 * Blocks read ahead of the one being sent: 4 MiB of default 256 KiB chunks,
 * enough to keep the disk (or peers) busy while the socket drains.
 *
 * @default 16
 */
export const FILE_READ_AHEAD_BLOCKS = 16

/** Where a block's bytes start in the file, how many its parent says it holds, and (once decoded) the file bytes the block itself holds. */
interface Span {
  start: number
  /** Undefined for the root: its size is what the caller asked to read within. */
  size?: number
  data?: Uint8Array
}

export interface FileBytesOptions {
  signal?: AbortSignal
  /** @default FILE_READ_AHEAD_BLOCKS */
  readAhead?: number
}

/**
 * Bytes [offset, offset + length) of a UnixFS file, in order, as the block
 * walker (src/dag/walk.ts) reads its DAG: only the subtrees that overlap the
 * span are followed (by the parents' `blockSizes`), several blocks are read
 * ahead, and each block's file bytes are sent as views into the block itself,
 * never copied: a raw leaf is its bytes, a dag-pb node its UnixFS `Data`.
 *
 * Blocks are not hashed again here. The source (the gateway's Retrieval)
 * reads this node's blockstore, whose blocks were hashed when they were
 * written (by the importer, or by Helia when a peer sent them), and asks
 * Helia, which verifies what peers send, for the rest. Kubo does the same
 * (`Datastore.HashOnRead` is off by default).
 *
 * A DAG whose sizes do not add up, or that holds blocks no UnixFS file can,
 * fails with UnsupportedContentError; once an answer's headers are out that
 * cuts the body short, so the client sees a truncated transfer.
 */
export async function * fileBytes (source: WalkSource, root: CID, offset: number, length: number, options: FileBytesOptions = {}): AsyncGenerator<Uint8Array> {
  const end = offset + length
  if (length <= 0) {
    return
  }
  let sent = 0
  const walk = walkDag<Span>(source, root, {
    missing: 'fetch',
    // the same chunk may sit at several places in one file: each is visited
    unique: false,
    maxBlocks: Infinity,
    prefetch: options.readAhead ?? FILE_READ_AHEAD_BLOCKS,
    rootState: { start: 0 },
    follow: async block => follow(block, offset, end),
    signal: options.signal
  })
  for await (const block of walk) {
    const data = block.state.data
    if (data == null || data.byteLength === 0) {
      continue
    }
    const from = Math.max(offset - block.state.start, 0)
    const to = Math.min(end - block.state.start, data.byteLength)
    if (to > from) {
      sent += to - from
      yield data.subarray(from, to)
    }
    if (sent >= length) {
      return
    }
  }
  if (sent !== length) {
    throw new UnsupportedContentError(`file ${root.toString()} holds ${sent} of the ${length} bytes its blocks announce from offset ${offset}`)
  }
}

/** Decodes a block of the file (keeping its own bytes on its span) and returns the children that overlap [offset, end). */
// eslint-disable-next-line @typescript-eslint/require-await
async function follow (block: VisitedBlock<Span>, offset: number, end: number): Promise<Array<WalkStep<Span>>> {
  if (block.cid.code === raw.code) {
    checkSize(block, block.bytes.byteLength)
    block.state.data = block.bytes
    return []
  }
  if (block.cid.code !== dagPb.code) {
    throw new UnsupportedContentError(`block ${block.cid.toString()} (codec 0x${block.cid.code.toString(16)}) cannot be part of a UnixFS file`)
  }
  let node: dagPb.PBNode
  let unixfs: UnixFS
  try {
    node = dagPb.decode(block.bytes)
    unixfs = UnixFS.unmarshal(node.Data ?? new Uint8Array())
  } catch (err) {
    throw new UnsupportedContentError(`block ${block.cid.toString()} is not a UnixFS file node: ${(err as Error).message}`)
  }
  if (node.Links.length !== unixfs.blockSizes.length) {
    throw new UnsupportedContentError(`block ${block.cid.toString()} has ${node.Links.length} links but ${unixfs.blockSizes.length} block sizes`)
  }
  const own = unixfs.data ?? new Uint8Array()
  block.state.data = own
  checkSize(block, unixfs.blockSizes.reduce((sum, size) => sum + Number(size), own.byteLength))
  const children: Array<WalkStep<Span>> = []
  let start = block.state.start + own.byteLength
  for (let i = 0; i < node.Links.length && start < end; i++) {
    const size = Number(unixfs.blockSizes[i])
    const link = node.Links[i]
    if (link != null && start + size > offset) {
      children.push({ cid: link.Hash, name: '', state: { start, size } })
    }
    start += size
  }
  return children
}

/** A block must hold as many file bytes as its parent's `blockSizes` entry says, or every offset after it would be wrong. */
function checkSize (block: VisitedBlock<Span>, holds: number): void {
  const { size } = block.state
  if (size != null && size !== holds) {
    throw new UnsupportedContentError(`block ${block.cid.toString()} holds ${holds} file bytes where its parent ${block.parent?.toString() ?? ''} says ${size}`)
  }
}
