import { InvalidArgumentError, NotFoundError } from '../errors.ts'
import { walkDag } from '../dag/walk.ts'
import { withPinLock } from './lock.ts'
import { findPin, pinKey, pinType, releaseBlock } from './records.ts'
import { resolvePinTarget } from './resolve.ts'
import type { PinNode } from './node.ts'
import type { Helia, Pin } from '@helia/interface'
import type { CID } from 'multiformats/cid'

type UnpinHelia = Pick<Helia, 'pins' | 'blockstore' | 'datastore' | 'getCodec'>

export interface RemovePinOptions {
  /** False removes only a direct pin; a recursive one is then refused. @default true */
  recursive?: boolean
  signal?: AbortSignal
}

/**
 * Removes the pin on `cid`, as Kubo's `pin rm`: a CID that is not itself
 * pinned (unpinned, or only reachable from another pin) is a NotFoundError
 * with Kubo's message.
 */
export async function removePin (helia: UnpinHelia, cid: CID, options: RemovePinOptions = {}): Promise<void> {
  await withPinLock(helia.pins, async () => {
    const pin = await findPin(helia, cid, options)
    if (pin == null) {
      throw new NotFoundError('not pinned or pinned indirectly')
    }
    if (options.recursive === false && pinType(pin) === 'recursive') {
      throw new InvalidArgumentError(`${cid.toString()} is pinned recursively`)
    }
    await unpinLocked(helia, cid, pin, options.signal)
  })
}

/**
 * Takes a pin off its DAG; the caller holds the pin lock. The blocks are
 * listed first from the local blockstore (a pinned DAG is complete here; a
 * block missing anyway is passed over), so an aborted walk changes nothing.
 * The pin record goes before the block records: should this stop half way,
 * blocks stay protected without a pin, which wastes space but loses nothing.
 */
export async function unpinLocked (helia: UnpinHelia, cid: CID, pin: Pick<Pin, 'depth'>, signal?: AbortSignal): Promise<void> {
  const blocks: CID[] = []
  for await (const block of walkDag(helia, cid, { missing: 'skip', maxDepth: pin.depth, maxBlocks: Infinity, signal })) {
    blocks.push(block.cid)
  }
  await helia.datastore.delete(pinKey(cid))
  for (const block of blocks) {
    await releaseBlock(helia.datastore, block, cid)
  }
}

/** Kubo's `pin rm` over several arguments, in order; stops at the first that fails. */
export async function removePins (node: Pick<PinNode, 'helia' | 'fs' | 'config'>, inputs: string[], options: RemovePinOptions = {}): Promise<CID[]> {
  if (inputs.length === 0) {
    throw new InvalidArgumentError('argument "ipfs-path" is required')
  }
  const removed: CID[] = []
  for (const input of inputs) {
    const cid = await resolvePinTarget(node, input, options)
    await removePin(node.helia, cid, options)
    removed.push(cid)
  }
  return removed
}
