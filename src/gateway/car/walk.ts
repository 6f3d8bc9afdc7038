import { identity } from 'multiformats/hashes/identity'
import { walkDag } from '../../dag/walk.ts'
import { LimitExceededError } from '../../errors.ts'
import { childrenOf, terminalExpansion } from './entity.ts'
import { CAR_PREFETCH_BLOCKS, MAX_CAR_BLOCKS } from './limits.ts'
import type { Expansion } from './entity.ts'
import type { CarParams } from './params.ts'
import type { GatewayBlock, PathBlocks } from '../path-blocks.ts'
import type { Helia } from '@helia/interface'
import type { Blockstore } from 'interface-blockstore'

export interface CarWalkOptions {
  /** @default MAX_CAR_BLOCKS */
  maxBlocks?: number
  signal?: AbortSignal
}

/**
 * The blocks of a trustless CAR in the order they are sent: those that
 * verify the path, then the DAG at its end as `dag-scope` and `entity-bytes`
 * ask, depth-first with children in link order. With `dups=n` a block is
 * sent once; with `dups=y` each time the walk meets it. Identity CIDs are
 * never sent: their bytes are in the CID. Blocks are loaded as the client
 * reads, a few ahead.
 */
export async function * carBlocks (blocks: Pick<Blockstore, 'get'>, getCodec: Helia['getCodec'], start: PathBlocks & { terminalBytes: Uint8Array }, params: CarParams, options: CarWalkOptions = {}): AsyncGenerator<GatewayBlock> {
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

  const walk = walkDag<Expansion>({ blockstore: blocks, getCodec }, terminal, {
    missing: 'fetch',
    unique: !params.dups,
    // below a block already sent, everything was sent too; only a file range may need other parts of a repeated node
    walkAgain: step => step.state.kind === 'file',
    rootState: terminalExpansion(terminal, terminalBytes, params),
    rootBytes: terminalBytes,
    follow: async block => (await childrenOf(getCodec, block.cid, block.bytes, block.state)).map(child => ({ cid: child.cid, name: '', state: child.expansion })),
    // the sent blocks are counted above, against the CAR's own limit
    maxBlocks: Infinity,
    prefetch: CAR_PREFETCH_BLOCKS,
    signal: options.signal
  })
  for await (const block of walk) {
    if (shouldSend(block)) {
      yield { cid: block.cid, bytes: block.bytes }
    }
  }
}
