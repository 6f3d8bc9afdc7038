import { NotFoundError } from '../errors.ts'
import { addPin } from './add.ts'
import { findPin, pinListing, pinType, sameRoot } from './records.ts'
import { removePin } from './remove.ts'
import type { AddPinOptions } from './add.ts'
import type { PinNode } from './node.ts'
import type { CID } from 'multiformats/cid'

export interface UpdatePinOptions extends Pick<AddPinOptions, 'signal' | 'onProgress'> {
  /** Remove the pin on `from` once `to` is pinned. @default true */
  unpin?: boolean
}

/**
 * Moves a recursive pin from one DAG to another, as Kubo's `pin update`. The
 * new DAG is pinned in full before the old pin goes, so blocks the two share
 * are protected throughout. The pin keeps its name, and its public flag,
 * description and keywords: a public pin stays findable, under its new CID.
 */
export async function updatePin (node: PinNode, from: CID, to: CID, options: UpdatePinOptions = {}): Promise<void> {
  const old = await findPin(node.helia, from, options)
  if (old == null || pinType(old) !== 'recursive') {
    throw new NotFoundError(`'from' cid was not recursively pinned already`)
  }
  if (sameRoot(from, to)) {
    return
  }
  const listing = pinListing(old)
  await addPin(node, to, {
    recursive: true,
    name: listing.name === '' ? undefined : listing.name,
    ...(listing.public ? { public: true, description: listing.description, keywords: listing.keywords } : {}),
    signal: options.signal,
    onProgress: options.onProgress
  })
  if (options.unpin !== false) {
    await removePin(node.helia, from, { signal: options.signal })
  }
}
