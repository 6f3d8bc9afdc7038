import { listPins } from '../pins.ts'
import { walkDag } from '../dag/walk.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/**
 * What this node announces, as Kubo's `Reprovider.Strategy`:
 * - `roots`: the root of each add or import, and the pinned roots when reproviding;
 * - `pinned`: every block of those DAGs (pinned blocks when reproviding);
 * - `all`: every block added, and every block in the blockstore when reproviding.
 */
export type ProvideStrategy = 'all' | 'pinned' | 'roots'

export const PROVIDE_STRATEGIES: readonly ProvideStrategy[] = ['all', 'pinned', 'roots']

type StrategyHelia = Pick<Helia, 'blockstore' | 'getCodec' | 'pins' | 'datastore'>

/** The CIDs to announce for a new root: the root itself, then (unless `roots`) every local block below it. */
export async function * newContent (helia: StrategyHelia, root: CID, strategy: ProvideStrategy, options: { signal?: AbortSignal } = {}): AsyncGenerator<CID> {
  if (strategy === 'roots') {
    yield root
    return
  }
  for await (const block of walkDag(helia, root, { missing: 'skip', maxBlocks: Infinity, signal: options.signal })) {
    yield block.cid
  }
}

/** Everything the reprovider re-announces under a strategy, each CID once. */
export async function * providedContent (helia: StrategyHelia, strategy: ProvideStrategy, options: { signal?: AbortSignal } = {}): AsyncGenerator<CID> {
  if (strategy === 'all') {
    for await (const { cid } of helia.blockstore.getAll(options)) {
      yield cid
    }
    return
  }
  const seen = new Set<string>()
  for (const type of strategy === 'roots' ? ['recursive', 'direct'] as const : ['all'] as const) {
    for await (const pin of listPins(helia, { type, signal: options.signal })) {
      const key = pin.cid.toString()
      if (!seen.has(key)) {
        seen.add(key)
        yield pin.cid
      }
    }
  }
}
