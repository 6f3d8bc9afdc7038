import { BlockLoader } from '../block-loader.ts'
import { walkPathBlocks } from '../path-blocks.ts'
import { carHeader, carSectionParts } from '../../dag/car-writer.ts'
import { carBlocks } from './walk.ts'
import type { CarParams } from './params.ts'
import type { CarWalkOptions } from './walk.ts'
import type { Helia } from '@helia/interface'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

export type OpenCarOptions = CarWalkOptions

export interface TrustlessCar {
  /** The CID of every path segment, root first (`X-Ipfs-Roots`). */
  roots: CID[]
  /** The CARv1 bytes, produced as they are read. */
  body: AsyncIterable<Uint8Array>
}

/**
 * Trustless gateway's `application/vnd.ipld.car` for `root/path`, reading
 * through `blocks` (the request's retrieval policy). The path is walked and
 * the block it ends at read first, so a missing name or a root nobody has
 * fails before any byte is sent. Then the CAR streams; a block that cannot be
 * had ends the stream early, and the client sees an incomplete CAR, as the
 * spec says. The header's one root is the request's root CID.
 */
export async function openCar (blocks: Pick<Blockstore, 'get'>, getCodec: Helia['getCodec'], root: CID, path: string, params: CarParams, options: OpenCarOptions = {}): Promise<TrustlessCar> {
  const loader = new BlockLoader(blocks)
  let start
  try {
    const walked = await walkPathBlocks(loader, root, path, options)
    start = { ...walked, terminalBytes: await loader.load(walked.terminal) }
  } catch (err) {
    loader.close()
    throw err
  }
  return {
    roots: start.roots,
    body: (async function * () {
      try {
        yield carHeader([root])
        for await (const block of carBlocks(blocks, getCodec, start, params, options)) {
          yield * carSectionParts(block)
        }
      } finally {
        loader.close()
      }
    })()
  }
}
