import { identity } from 'multiformats/hashes/identity'
import { LimitExceededError } from '../../errors.ts'
import { childrenOf, terminalExpansion } from './entity.ts'
import { CAR_PREFETCH_BLOCKS, MAX_CAR_BLOCKS } from './limits.ts'
import type { Child } from './entity.ts'
import type { CarParams } from './params.ts'
import type { BlockLoader } from '../block-loader.ts'
import type { GatewayBlock, PathBlocks } from '../path-blocks.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export interface CarWalkOptions {
  /** @default MAX_CAR_BLOCKS */
  maxBlocks?: number
}

/**
 * The blocks of a trustless CAR in the order they are sent: those that
 * verify the path, then the DAG at its end as `dag-scope` and `entity-bytes`
 * ask, depth-first with children in link order. With `dups=n` a block is
 * sent once; with `dups=y` each time the walk meets it. Identity CIDs are
 * never sent: their bytes are in the CID. Blocks are loaded as the client
 * reads, a few ahead.
 */
export async function * carBlocks (loader: BlockLoader, getCodec: Helia['getCodec'], start: PathBlocks & { terminalBytes: Uint8Array }, params: CarParams, options: CarWalkOptions = {}): AsyncGenerator<GatewayBlock> {
  const limit = options.maxBlocks ?? MAX_CAR_BLOCKS
  const sent = new Set<string>()
  let count = 0
  const shouldSend = (block: GatewayBlock): boolean => {
    if (block.cid.multihash.code === identity.code) {
      return false
    }
    const key = block.cid.toString()
    if (!params.dups && sent.has(key)) {
      return false
    }
    if (++count > limit) {
      throw new LimitExceededError(`the CAR for ${start.roots[0]?.toString() ?? ''} would have more than ${limit} blocks`)
    }
    sent.add(key)
    return true
  }

  const { terminal, terminalBytes } = start
  for (const block of start.blocks) {
    if (shouldSend(block)) {
      yield block
    }
  }

  const stack: Child[] = [{ cid: terminal, expansion: terminalExpansion(terminal, terminalBytes, params) }]
  let preloaded: Uint8Array | undefined = terminalBytes
  for (let next = stack.pop(); next != null; next = stack.pop()) {
    const { cid, expansion } = next
    // below a block already sent, everything was sent too; only a file range may need other parts of a repeated node
    if (!params.dups && sent.has(cid.toString()) && expansion.kind !== 'file') {
      loader.discard(cid)
      continue
    }
    const bytes: Uint8Array = preloaded ?? await loader.load(cid)
    preloaded = undefined
    const block = { cid, bytes }
    const children = await childrenOf(getCodec, cid, bytes, expansion)
    stack.push(...children.toReversed())
    loader.prefetch(upcoming(stack, params.dups ? undefined : sent), CAR_PREFETCH_BLOCKS)
    if (shouldSend(block)) {
      yield block
    }
  }
}

/** The CIDs the walk will visit next, nearest first, leaving out those it will skip. */
function * upcoming (stack: Child[], sent?: Set<string>): Generator<CID> {
  for (let i = stack.length - 1; i >= 0 && i >= stack.length - CAR_PREFETCH_BLOCKS; i--) {
    const cid = stack[i]?.cid
    if (cid != null && sent?.has(cid.toString()) !== true) {
      yield cid
    }
  }
}
