import { NotFoundError } from '../errors.ts'
import { walkDag } from '../dag/walk.ts'
import { blocksPerRoot, cidKey, findPin, pinName, pinType, pinnedBy, pinnedCid, sameRoot } from './records.ts'
import { resolvePinTarget } from './resolve.ts'
import type { PinNode } from './node.ts'
import type { PinType } from './records.ts'
import type { Helia, Pin } from '@helia/interface'
import type { CID } from 'multiformats/cid'

type ListHelia = Pick<Helia, 'pins' | 'blockstore' | 'datastore' | 'getCodec'>

export interface ListedPin {
  cid: CID
  type: PinType
  /** '' when the pin has none; indirect pins never have one. */
  name: string
  /** For an indirect pin looked up by CID: a recursive pin that reaches it. */
  via?: CID
}

export type PinTypeFilter = PinType | 'all'

export interface ListPinsOptions {
  /** @default 'all' */
  type?: PinTypeFilter
  /** Only pins whose name contains this (case-sensitive), as Kubo's `--name`. */
  name?: string
  signal?: AbortSignal
}

/**
 * Every pin, in Kubo's order: recursive, direct, then indirect. Indirect pins
 * are the blocks below recursive pins, found by walking those DAGs in this
 * node's blockstore only (a block missing here is passed over, never
 * fetched), and only the DAGs whose records say they hold more than a root;
 * each block is listed once, and not at all when it is itself pinned.
 */
export async function * listPins (helia: ListHelia, options: ListPinsOptions = {}): AsyncGenerator<ListedPin> {
  const type = options.type ?? 'all'
  const pins = await Array.fromAsync(helia.pins.ls({ signal: options.signal }))
  const recursive = pins.filter(pin => pinType(pin) === 'recursive')
  const direct = pins.filter(pin => pinType(pin) === 'direct')
  const named = (pin: Pin): boolean => options.name == null || pinName(pin).includes(options.name)

  for (const [kind, group] of [['recursive', recursive], ['direct', direct]] as const) {
    if (type === kind || type === 'all') {
      for (const pin of group.filter(named)) {
        yield { cid: await pinnedCid(helia, pin), type: kind, name: pinName(pin) }
      }
    }
  }

  if ((type === 'indirect' || type === 'all') && options.name == null) {
    const roots = new Set(pins.map(pin => pin.cid.toV1().toString()))
    const seen = new Map<string, number>()
    const pinned: Array<{ pin: Pin, root: CID }> = []
    for (const pin of recursive) {
      pinned.push({ pin, root: await pinnedCid(helia, pin) })
    }
    const held = await blocksPerRoot(helia.datastore, options)
    for (const { pin, root } of pinned.filter(p => (held.get(cidKey(p.root)) ?? 0) > 1)) {
      for await (const block of walkDag(helia, root, { missing: 'skip', maxDepth: pin.depth, maxBlocks: Infinity, seen, signal: options.signal })) {
        if (!roots.has(block.cid.toV1().toString())) {
          yield { cid: block.cid, type: 'indirect', name: '' }
        }
      }
    }
  }
}

/**
 * How `cid` is pinned, if it is, as Kubo's `pin ls <cid>` reports it: its own
 * pin first, else the first recursive pin whose DAG holds it. Undefined when
 * it is not pinned in the way `type` asks for.
 */
export async function pinStatus (helia: ListHelia, cid: CID, type: PinTypeFilter = 'all', options: { signal?: AbortSignal } = {}): Promise<ListedPin | undefined> {
  const pin = await findPin(helia, cid, options)
  if (pin != null && (type === 'all' || type === pinType(pin))) {
    return { cid, type: pinType(pin), name: pinName(pin) }
  }
  if (type !== 'all' && type !== 'indirect') {
    return undefined
  }
  for (const root of await pinnedBy(helia.datastore, cid)) {
    if (sameRoot(root, cid)) {
      continue
    }
    const holder = await findPin(helia, root, options)
    if (holder != null && pinType(holder) === 'recursive') {
      return { cid, type: 'indirect', name: '', via: root }
    }
  }
  return undefined
}

/**
 * Kubo's `pin ls`: every pin, or with arguments how each one is pinned. An
 * argument that is not pinned (as `type` asks) fails the listing, as in Kubo.
 */
export async function * listPinsFor (node: PinNode, inputs: string[], options: ListPinsOptions = {}): AsyncGenerator<ListedPin> {
  if (inputs.length === 0) {
    yield * listPins(node.helia, options)
    return
  }
  for (const input of inputs) {
    const cid = await resolvePinTarget(node, input, options)
    const status = await pinStatus(node.helia, cid, options.type, options)
    if (status == null) {
      throw new NotFoundError(`path '${input}' is not pinned`)
    }
    yield status
  }
}
