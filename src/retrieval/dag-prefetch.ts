import { IdleDeadline } from '../deadline.ts'
import { fetchVerifiedCar } from './car-fetch.ts'
import type { CarFetchComponents, PeerCarScope, VerifiedBlock } from './car-fetch.ts'
import type { PeerGateways } from './peer-gateways.ts'
import type { Logger } from '../logger.ts'
import type { Blocks } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** What a waiter learns: the block's bytes, `local` (it was stored before the wait began), or undefined (this prefetch will not bring it). */
export type PrefetchAnswer = Uint8Array | 'local' | undefined

export interface PrefetchComponents {
  gateways: Pick<PeerGateways, 'candidates'>
  /** Helia's blockstore: fetched blocks are stored as bitswap's are, and bitswap peers waiting for them hear of them. */
  blockstore: Pick<Blocks, 'put' | 'has'>
  car: CarFetchComponents
  log: Logger
  stats: PeerFetchStats
}

export interface PeerFetchStats {
  /** CARs opened on peers' gateways. */
  cars: number
  /** Verified blocks stored from them. */
  blocks: number
  bytes: number
  /** CARs abandoned because a peer sent a block that failed verification or was not asked for. */
  rejected: number
}

export interface PrefetchOptions {
  scope: PeerCarScope
  /** Bytes stored ahead of what the reader asked for, while nobody waits, before the CAR is paused. */
  aheadBytes: number
  /** The prefetch ends when no block arrives and nobody asks for one for this long. */
  idleMs: number
  signal: AbortSignal
}

type Waiter = (answer: PrefetchAnswer) => void

/**
 * Block writes in flight at once: one write is several file system calls on
 * the thread pool (has, mkdir, open, write, close, rename), and few at a time
 * hold the CAR to their latency on a busy machine. Bounds the memory of
 * blocks not yet written (16 × 256 KiB for a default file).
 *
 * @default 16
 */
const WRITES_IN_FLIGHT = 16

/**
 * One DAG fetched from peers' gateways as a CAR into the blockstore, while a
 * reader (a gateway answer) asks for its blocks. The CAR runs ahead of the
 * reader by at most `aheadBytes` unless the reader waits for a block further
 * on; a reader asking for a block the CAR is expected to bring waits for it,
 * and anything it will not bring is answered at once with undefined, so the
 * reader asks bitswap instead. Peers are tried in turn; one whose CAR breaks
 * (a bad block, a cut stream, a stall) is left for the next, and when none
 * remains every waiter is let go.
 */
export class DagPrefetch {
  readonly root: CID
  /** Settles when the prefetch has ended, whatever the outcome. */
  readonly finished: Promise<void>
  private readonly components: PrefetchComponents
  private readonly options: PrefetchOptions
  private readonly idle: IdleDeadline
  /** Blocks linked from stored ones (and the root) not yet stored: what a reader may wait for. */
  private readonly expected: Set<string>
  /** Verified blocks the reader has not asked for yet, with their sizes. */
  private readonly ahead = new Map<string, number>()
  private aheadBytes = 0
  /** Blocks being written, kept in memory until they can be read from the blockstore. */
  private readonly unwritten = new Map<string, Uint8Array>()
  private readonly writing = new Set<Promise<void>>()
  private writeError: Error | undefined
  private readonly waiters = new Map<string, Waiter[]>()
  private wake: (() => void) | undefined
  private done = false

  constructor (components: PrefetchComponents, root: CID, options: PrefetchOptions) {
    this.components = components
    this.root = root
    this.options = options
    this.expected = new Set([root.toString()])
    this.idle = new IdleDeadline(options.idleMs, options.signal)
    this.finished = this.run().catch((err: unknown) => {
      components.log.debug({ root: root.toString(), err: (err as Error).message }, 'peer DAG fetch ended')
    }).finally(() => { this.finish() })
  }

  /** The reader read `cid` (from the blockstore): it no longer counts as fetched ahead. */
  consumed (cid: CID): void {
    const key = cid.toString()
    const size = this.ahead.get(key)
    if (size != null) {
      this.ahead.delete(key)
      this.aheadBytes -= size
      this.idle.touch()
      this.resume()
    }
  }

  /** True while the prefetch may still bring `cid`. */
  covers (cid: CID): boolean {
    const key = cid.toString()
    return !this.done && (this.expected.has(key) || this.ahead.has(key) || this.unwritten.has(key))
  }

  /** Waits for `cid` if this prefetch is to bring it; see PrefetchAnswer. */
  async wait (cid: CID, signal: AbortSignal): Promise<PrefetchAnswer> {
    const key = cid.toString()
    const unwritten = this.unwritten.get(key)
    if (unwritten != null || this.ahead.has(key)) {
      this.consumed(cid)
      return unwritten ?? 'local'
    }
    if (this.done || !this.expected.has(key)) {
      return undefined
    }
    signal.throwIfAborted()
    this.idle.touch()
    return new Promise<PrefetchAnswer>((resolve, reject) => {
      const onAbort = (): void => {
        const list = this.waiters.get(key)?.filter(w => w !== waiter) ?? []
        if (list.length === 0) {
          this.waiters.delete(key)
        } else {
          this.waiters.set(key, list)
        }
        reject(signal.reason as Error)
      }
      const waiter: Waiter = answer => {
        signal.removeEventListener('abort', onAbort)
        resolve(answer)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiters.set(key, [...(this.waiters.get(key) ?? []), waiter])
      this.resume()
    })
  }

  private async run (): Promise<void> {
    const { gateways, car, log, stats } = this.components
    const signal = this.idle.signal
    for await (const gateway of gateways.candidates(this.root, signal)) {
      stats.cars++
      try {
        for await (const block of fetchVerifiedCar(car, gateway.url, this.root, this.options.scope, signal)) {
          await this.store(block, signal)
        }
        await this.written()
        return
      } catch (err) {
        signal.throwIfAborted()
        await this.written()
        if ((err as Error).name === 'ProtocolError') {
          stats.rejected++
          log.warn({ peer: gateway.peer.toString(), root: this.root.toString(), err: (err as Error).message }, 'peer gateway sent a block that failed verification; trying the next holder')
        } else {
          log.debug({ peer: gateway.peer.toString(), root: this.root.toString(), err: (err as Error).message }, 'peer gateway CAR ended early')
        }
      }
    }
  }

  /**
   * Hands a verified block to whoever waits for it (or keeps it as fetched
   * ahead) and writes it to the blockstore beside the next ones; pauses the
   * CAR while too many writes are in flight, or while it is far enough ahead
   * and nobody waits.
   */
  private async store (block: VerifiedBlock, signal: AbortSignal): Promise<void> {
    const key = block.cid.toString()
    const { stats } = this.components
    stats.blocks++
    stats.bytes += block.bytes.byteLength
    this.idle.touch()
    for (const link of block.links) {
      this.expected.add(link.toString())
    }
    this.expected.delete(key)
    const waiting = this.waiters.get(key)
    if (waiting != null) {
      this.waiters.delete(key)
      waiting.forEach(waiter => { waiter(block.bytes) })
    } else if (!this.ahead.has(key)) {
      this.ahead.set(key, block.bytes.byteLength)
      this.aheadBytes += block.bytes.byteLength
    }
    // a reader may ask again before the write lands (the gateway sniffs a file's first block, then streams it)
    this.unwritten.set(key, block.bytes)
    const write: Promise<void> = Promise.resolve(this.components.blockstore.put(block.cid, block.bytes, { signal })).then(() => {}, (err: unknown) => {
      this.writeError ??= err instanceof Error ? err : new Error(String(err))
    }).finally(() => {
      this.unwritten.delete(key)
      this.writing.delete(write)
    })
    this.writing.add(write)
    while (this.writing.size >= WRITES_IN_FLIGHT) {
      await Promise.race(this.writing)
    }
    this.throwWriteError()
    while (this.aheadBytes > this.options.aheadBytes && this.waiters.size === 0) {
      await this.paused(signal)
    }
  }

  /** Waits for the writes in flight; the first that failed fails the prefetch. */
  private async written (): Promise<void> {
    await Promise.all(this.writing)
    this.throwWriteError()
  }

  private throwWriteError (): void {
    if (this.writeError != null) {
      throw this.writeError
    }
  }

  private async paused (signal: AbortSignal): Promise<void> {
    signal.throwIfAborted()
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => { reject(signal.reason as Error) }
      this.wake = () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  private resume (): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  private finish (): void {
    this.done = true
    this.idle.clear()
    this.resume()
    for (const list of this.waiters.values()) {
      list.forEach(waiter => { waiter(undefined) })
    }
    this.waiters.clear()
    this.expected.clear()
    this.ahead.clear()
    this.aheadBytes = 0
  }
}
