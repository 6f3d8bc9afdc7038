import { notLocal } from '../blocks/get.ts'
import { carHeader, carSection } from './car-writer.ts'
import { walkDag } from './walk.ts'
import type { DagBlock } from './walk.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

export interface ExportOptions {
  /** Never ask peers: blocks this node lacks are left out, as Kubo's `--local-only` does. */
  localOnly?: boolean
  /** Fail when a block has not arrived from a peer within this long. */
  idleTimeoutMs: number
  /** @default MAX_DAG_BLOCKS */
  maxBlocks?: number
  signal?: AbortSignal
}

/**
 * Kubo's `dag export`: the DAG under `root` as a CARv1 with that one root,
 * blocks depth-first in link order, each once. The root block is loaded
 * before this returns, so a root nobody has is an error the caller can still
 * answer with a status; later blocks stream as the reader pulls them.
 */
export async function exportCar (helia: Pick<Helia, 'blockstore' | 'getCodec'>, root: CID, options: ExportOptions): Promise<AsyncGenerator<Uint8Array>> {
  const blocks = walkDag(helia, root, {
    missing: options.localOnly === true ? 'skip' : 'fetch',
    idleTimeoutMs: options.idleTimeoutMs,
    maxBlocks: options.maxBlocks,
    signal: options.signal
  })
  const first = await blocks.next()
  if (first.done === true) {
    throw notLocal(root)
  }
  return carBytes(root, first.value, blocks)
}

async function * carBytes (root: CID, first: DagBlock, rest: AsyncGenerator<DagBlock>): AsyncGenerator<Uint8Array> {
  try {
    yield carHeader([root])
    yield carSection(first)
    for await (const block of rest) {
      yield carSection(block)
    }
  } finally {
    await rest.return(undefined)
  }
}
