/**
 * Providing: telling the routing of the active profile (the private swarm's
 * DHT, or the public one) which content this node holds, so that any peer can
 * fetch it from here and not only through the gateway.
 *
 * New content is offered to a bounded queue that a few workers drain in the
 * background (an upload never waits on the DHT); a reprovider re-announces
 * what the strategy covers on a schedule that survives restarts.
 *
 * @example
 * ```ts
 * import { createProviding } from './providing/index.ts'
 *
 * const providing = createProviding({ helia, log }, { strategy: 'roots', intervalMs: 22 * 3600_000, timeoutMs: 60_000, signal })
 * await providing.start()            // once the peers are dialled
 * providing.announce(cid)            // after an add, import or pin; returns at once
 * providing.stop()
 * ```
 */
import { DEFAULT_PROVIDE_CONCURRENCY, DEFAULT_PROVIDE_QUEUE_MAX, REPROVIDE_RETRY_MS } from '../constants.ts'
import { createProvideQueue } from './queue.ts'
import { createReprovider } from './reprovider.ts'
import { newContent } from './strategy.ts'
import type { ProvideQueue } from './queue.ts'
import type { ReproviderStatus } from './reprovider.ts'
import type { ProvideStrategy } from './strategy.ts'
import type { Logger } from '../logger.ts'
import type { Helia } from '@helia/interface'
import type { Libp2p } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

export { PROVIDE_STRATEGIES } from './strategy.ts'
export type { ProvideStrategy } from './strategy.ts'
export type { ReproviderStatus } from './reprovider.ts'

export interface ProvidingInit {
  strategy: ProvideStrategy
  /** How often everything the strategy covers is re-announced. */
  intervalMs: number
  /** Bound on one provide. */
  timeoutMs: number
  /** @default DEFAULT_PROVIDE_CONCURRENCY */
  concurrency?: number
  /** @default DEFAULT_PROVIDE_QUEUE_MAX */
  maxPending?: number
  /** The node's lifetime: aborting it drops the queue and stops the reprovider. */
  signal: AbortSignal
}

export interface ProvidingStatus {
  strategy: ProvideStrategy
  pending: number
  inFlight: number
  provided: number
  failed: number
  reprovider: ReproviderStatus
}

export interface Providing {
  /**
   * Announces new content in the background (the root, and the blocks below
   * it unless the strategy is `roots`). Returns at once; never throws. Call it
   * after anything is added, imported or pinned.
   */
  announce(root: CID): void
  /**
   * Announces this one CID in the background, whatever the strategy and
   * with no block behind it: for records such as search's term CIDs, which
   * name a topic rather than content. Their owner re-announces them.
   */
  provide(cid: CID): void
  /** Starts the reprovider; call once the configured peers are dialled. */
  start(): Promise<void>
  stop(): void
  status(): ProvidingStatus
}

type ProvidingHelia = Pick<Helia, 'routing' | 'blockstore' | 'getCodec' | 'pins' | 'datastore'> & { libp2p: Pick<Libp2p, 'getConnections'> }

export function createProviding (components: { helia: ProvidingHelia, log: Logger }, init: ProvidingInit): Providing {
  const { helia } = components
  const log = components.log.child({ component: 'cairn:providing' })
  const queue: ProvideQueue = createProvideQueue({ routing: helia.routing, log }, {
    concurrency: init.concurrency ?? DEFAULT_PROVIDE_CONCURRENCY,
    maxPending: init.maxPending ?? DEFAULT_PROVIDE_QUEUE_MAX,
    timeoutMs: init.timeoutMs,
    signal: init.signal
  })
  const reprovider = createReprovider({
    helia,
    queue,
    // libp2p exists only once Helia has started
    connected: () => helia.libp2p.getConnections().length > 0,
    log
  }, { strategy: init.strategy, intervalMs: init.intervalMs, retryMs: REPROVIDE_RETRY_MS, signal: init.signal })

  const announceAll = async (root: CID): Promise<void> => {
    for await (const cid of newContent(helia, root, init.strategy, { signal: init.signal })) {
      queue.offer(cid)
    }
  }

  return {
    announce (root) {
      announceAll(root).catch((err: Error) => {
        log.debug({ cid: root.toString(), err: err.message }, 'could not queue provides')
      })
    },
    provide (cid) {
      queue.offer(cid)
    },
    start: async () => reprovider.start(),
    stop: () => { reprovider.stop() },
    status: () => ({
      strategy: init.strategy,
      pending: queue.pending,
      inFlight: queue.inFlight,
      provided: queue.provided,
      failed: queue.failed,
      reprovider: reprovider.status()
    })
  }
}
