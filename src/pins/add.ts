import { IdleDeadline } from '../deadline.ts'
import { MAX_PIN_DESCRIPTION_BYTES, MAX_PIN_KEYWORDS, MAX_SEARCH_TERM_CHARS } from '../constants.ts'
import { AlreadyExistsError, InvalidArgumentError } from '../errors.ts'
import { fetchDag } from './fetch.ts'
import { withPinGuard, withRecordLock } from './lock.ts'
import { PIN_CREATED_KEY, PIN_DESCRIPTION_KEY, PIN_KEYWORDS_KEY, PIN_NAME_KEY, PIN_PUBLIC_KEY, findPin, pinType, releaseBlock } from './records.ts'
import { unpinLocked } from './remove.ts'
import { resolvePinTarget } from './resolve.ts'
import type { FetchProgress } from './fetch.ts'
import type { PinNode } from './node.ts'
import type { Pin } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** Kubo's limit on a pin name. @default 255 */
export const MAX_PIN_NAME_BYTES = 255

export interface AddPinOptions {
  /** False pins the root block alone (Kubo's direct pin). @default true */
  recursive?: boolean
  /** Kept with the pin; pinning again with another name renames it, as Kubo does. */
  name?: string
  /**
   * True makes the pin findable by peers' searches (its name, description,
   * keywords and file names enter the catalog); false makes it private
   * again. Left out: unchanged, and private for a new pin.
   */
  public?: boolean
  /** Kept with the pin and indexed for search; left out: unchanged. */
  description?: string
  /** Kept with the pin and indexed for search; left out: unchanged. */
  keywords?: string[]
  /**
   * Ask no peer: a block this node lacks fails the pin at once, as Kubo's
   * pin does offline (for a node with no peer to ask). @default false
   */
  offline?: boolean
  signal?: AbortSignal
  /** Called for each block of the DAG walked (present here or fetched). */
  onProgress?: (progress: FetchProgress) => void
}

export function validatePinName (name: string | undefined): void {
  const bytes = Buffer.byteLength(name ?? '')
  if (bytes > MAX_PIN_NAME_BYTES) {
    throw new InvalidArgumentError(`pin name is ${bytes} bytes (max ${MAX_PIN_NAME_BYTES} bytes)`)
  }
}

/** Bounds on what search may index: a description, and keywords without commas (the metadata joins them with one). */
export function validatePinListing (options: Pick<AddPinOptions, 'description' | 'keywords'>): void {
  const bytes = Buffer.byteLength(options.description ?? '')
  if (bytes > MAX_PIN_DESCRIPTION_BYTES) {
    throw new InvalidArgumentError(`pin description is ${bytes} bytes (max ${MAX_PIN_DESCRIPTION_BYTES} bytes)`)
  }
  const keywords = options.keywords ?? []
  if (keywords.length > MAX_PIN_KEYWORDS) {
    throw new InvalidArgumentError(`${keywords.length} keywords (max ${MAX_PIN_KEYWORDS})`)
  }
  for (const keyword of keywords) {
    if (keyword.includes(',') || keyword.trim() === '' || keyword.length > MAX_SEARCH_TERM_CHARS) {
      throw new InvalidArgumentError(`keyword "${keyword.slice(0, 80)}" must be 1 to ${MAX_SEARCH_TERM_CHARS} characters without a comma`)
    }
  }
}

/** The metadata the options ask for; keys they leave out are not touched. */
function labels (options: AddPinOptions): Record<string, string | boolean> {
  return {
    ...(options.name == null ? {} : { [PIN_NAME_KEY]: options.name }),
    ...(options.public == null ? {} : { [PIN_PUBLIC_KEY]: options.public }),
    ...(options.description == null ? {} : { [PIN_DESCRIPTION_KEY]: options.description }),
    ...(options.keywords == null ? {} : { [PIN_KEYWORDS_KEY]: options.keywords.map(k => k.trim()).join(',') })
  }
}

/**
 * Pins a CID as Kubo's `pin add` does: idempotent, a recursive pin replaces a
 * direct one, a direct pin of a recursively pinned CID is refused.
 *
 * Blocks this node lacks are fetched from peers first, outside the record
 * lock so a slow fetch holds up no other pin; a DAG nobody serves fails with
 * ContentNotFoundError once no block has arrived for `fetchTimeoutMs`, and
 * nothing is recorded. Then the pin is recorded; should that fail, the block
 * records it touched are released again, so a failed pin leaves no pin and no
 * pinned block. Garbage collection waits for the whole of it (see lock.ts).
 */
export async function addPin (node: PinNode, cid: CID, options: AddPinOptions = {}): Promise<void> {
  const { helia } = node
  const recursive = options.recursive ?? true
  validatePinName(options.name)
  validatePinListing(options)
  const wanted = labels(options)
  await withPinGuard(helia.pins, async () => {
    if (plan(await findPin(helia, cid), cid, recursive, wanted) === 'pin') {
      await fetchDag(helia, cid, {
        depth: recursive ? Infinity : 0,
        idleTimeoutMs: node.config.fetchTimeoutMs,
        offline: options.offline,
        signal: options.signal,
        onProgress: options.onProgress,
        peerFetch: node.peerFetch
      })
    }
    await withRecordLock(helia.pins, async () => {
      const existing = await findPin(helia, cid)
      const next = plan(existing, cid, recursive, wanted)
      const metadata = { [PIN_CREATED_KEY]: Date.now(), ...existing?.metadata, ...wanted }
      if (next === 'relabel') {
        await helia.pins.setMetadata(cid, metadata)
      }
      if (next !== 'pin') {
        return
      }
      if (existing != null) {
        // a direct pin becoming recursive: Helia keeps one record per CID
        await unpinLocked(helia, cid, existing)
      }
      try {
        await recordPin(node, cid, { depth: recursive ? Infinity : 0, metadata }, options.signal)
      } catch (err) {
        if (existing != null) {
          await recordPin(node, cid, existing)
        }
        throw err
      }
    })
  })
}

/**
 * What pinning `cid` takes given the pin already on it: nothing, new
 * metadata (a name, the public flag), or a pin. A direct pin of a
 * recursively pinned CID is refused, as Kubo does.
 */
function plan (existing: Pin | undefined, cid: CID, recursive: boolean, wanted: Record<string, string | boolean>): 'none' | 'relabel' | 'pin' {
  if (existing == null) {
    return 'pin'
  }
  const type = pinType(existing)
  if (type === 'recursive' && !recursive) {
    throw new AlreadyExistsError(`${cid.toString()} already pinned recursively`)
  }
  if (type === 'direct' && recursive) {
    return 'pin'
  }
  return Object.entries(wanted).some(([key, value]) => existing.metadata[key] !== value) ? 'relabel' : 'none'
}

/**
 * Records a pin through Helia, which walks the DAG (local by now) and counts
 * each block as pinned. Helia leaves the blocks it counted so far behind when
 * the walk fails; they are released here.
 */
async function recordPin (node: PinNode, cid: CID, pin: Pick<Pin, 'depth' | 'metadata'>, signal?: AbortSignal): Promise<void> {
  const { helia } = node
  const deadline = new IdleDeadline(node.config.fetchTimeoutMs, signal)
  const counted: CID[] = []
  try {
    for await (const block of helia.pins.add(cid, { depth: pin.depth, metadata: pin.metadata, signal: deadline.signal })) {
      counted.push(block)
      deadline.touch()
    }
  } catch (err) {
    for (const block of counted) {
      await releaseBlock(helia.datastore, block, cid)
    }
    throw deadline.explain(err, cid.toString())
  } finally {
    deadline.clear()
  }
}

/**
 * Kubo's `pin add` over several arguments (CIDs or `/ipfs/` paths), in order;
 * progress counts the blocks of all of them. Returns the CIDs pinned.
 */
export async function addPins (node: PinNode, inputs: string[], options: AddPinOptions = {}): Promise<CID[]> {
  if (inputs.length === 0) {
    throw new InvalidArgumentError('argument "ipfs-path" is required')
  }
  const pinned: CID[] = []
  const done: FetchProgress = { blocks: 0, bytes: 0 }
  for (const input of inputs) {
    const cid = await resolvePinTarget(node, input, options)
    let last: FetchProgress = { blocks: 0, bytes: 0 }
    await addPin(node, cid, {
      ...options,
      onProgress: (progress) => {
        last = progress
        options.onProgress?.({ blocks: done.blocks + progress.blocks, bytes: done.bytes + progress.bytes })
      }
    })
    done.blocks += last.blocks
    done.bytes += last.bytes
    pinned.push(cid)
  }
  return pinned
}
