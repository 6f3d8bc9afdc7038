import { createUnsafe } from 'multiformats/block'
import { pinType, pinnedCid } from './records.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

type VerifyHelia = Pick<Helia, 'pins' | 'blockstore' | 'datastore' | 'getCodec' | 'getHasher'>

export interface BadNode {
  cid: CID
  error: string
}

export interface PinVerification {
  cid: CID
  ok: boolean
  /** Every block below the pin that is missing or does not match its hash. */
  badNodes: BadNode[]
}

interface Status {
  ok: boolean
  badNodes: BadNode[]
}

/**
 * Checks each recursive pin, as Kubo's `pin verify`: every block of its DAG is
 * in this node's blockstore (nothing is fetched) and hashes to its CID. A
 * block shared by several pins is checked once.
 */
export async function * verifyPins (helia: VerifyHelia, options: { signal?: AbortSignal } = {}): AsyncGenerator<PinVerification> {
  const checked = new Map<string, Status>()

  const check = async (cid: CID, depth: number): Promise<Status> => {
    const key = `${cid.toString()}@${depth}`
    const known = checked.get(key)
    if (known != null) {
      return known
    }
    let links: CID[]
    try {
      links = await readVerified(helia, cid, depth > 0, options.signal)
    } catch (err) {
      options.signal?.throwIfAborted()
      const status = { ok: false, badNodes: [{ cid, error: (err as Error).message }] }
      checked.set(key, status)
      return status
    }
    const status: Status = { ok: true, badNodes: [] }
    for (const link of links) {
      const child = await check(link, depth - 1)
      if (!child.ok) {
        status.ok = false
        status.badNodes.push(...child.badNodes)
      }
    }
    checked.set(key, status)
    return status
  }

  for await (const pin of helia.pins.ls({ signal: options.signal })) {
    if (pinType(pin) !== 'recursive') {
      continue
    }
    const root = await pinnedCid(helia, pin)
    yield { cid: root, ...await check(root, pin.depth) }
  }
}

/** Reads a block from this node only, checks its hash, and returns its links. */
async function readVerified (helia: VerifyHelia, cid: CID, withLinks: boolean, signal?: AbortSignal): Promise<CID[]> {
  let bytes: Uint8Array
  try {
    bytes = Buffer.concat(await Array.fromAsync(helia.blockstore.get(cid, { offline: true, signal })))
  } catch (err) {
    if ((err as Error).name === 'BlockNotFoundWhileOfflineError') {
      // Kubo's words for a block a pin needs and this node lacks (its own pin verify tests look for them)
      throw new Error('merkledag: not found', { cause: err })
    }
    throw err
  }
  const hasher = await helia.getHasher(cid.multihash.code)
  const digest = await hasher.digest(bytes)
  if (Buffer.compare(digest.bytes, cid.multihash.bytes) !== 0) {
    throw new Error(`block data does not match its CID ${cid.toString()}`)
  }
  if (!withLinks) {
    return []
  }
  const block = createUnsafe({ cid, bytes, codec: await helia.getCodec(cid.code) })
  return [...block.links()].map(([, link]) => link)
}
