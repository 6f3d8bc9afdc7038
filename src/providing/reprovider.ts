import { Key } from 'interface-datastore'
import { providedContent } from './strategy.ts'
import type { ProvideQueue } from './queue.ts'
import type { ProvideStrategy } from './strategy.ts'
import type { Logger } from '../logger.ts'
import type { Helia } from '@helia/interface'

/** Where the time of the last complete reprovide is kept, so the schedule survives restarts. */
const LAST_RUN_KEY = new Key('/cairn/providing/last-reprovide')

export interface ReproviderInit {
  strategy: ProvideStrategy
  intervalMs: number
  /** How soon to try again when no peer is connected to hear the announcements. */
  retryMs: number
  signal: AbortSignal
}

export interface ReproviderStatus {
  running: boolean
  /** When the last complete run ended (ms since the epoch), from this or an earlier process. */
  lastRunAt?: number
  nextRunAt?: number
  /** CIDs queued by the last complete run of this process. */
  lastCount?: number
  /** Complete runs since start. */
  runs: number
}

export interface Reprovider {
  start(): Promise<void>
  stop(): void
  status(): ReproviderStatus
}

type ReproviderHelia = Pick<Helia, 'blockstore' | 'getCodec' | 'pins' | 'datastore'>

/**
 * Re-announces what the strategy covers every `intervalMs`, so provider
 * records (which DHT servers drop after 48 h) stay alive. The time of the
 * last complete run is stored in the datastore: after a restart, a run that
 * fell due while the node was down starts at once, and one not yet due keeps
 * its place in the schedule.
 */
export function createReprovider (components: { helia: ReproviderHelia, queue: ProvideQueue, connected: () => boolean, log: Logger }, init: ReproviderInit): Reprovider {
  const { helia, queue, log } = components
  let timer: ReturnType<typeof setTimeout> | undefined
  const state: ReproviderStatus = { running: false, runs: 0 }

  const schedule = (delayMs: number): void => {
    clearTimeout(timer)
    state.nextRunAt = Date.now() + delayMs
    timer = setTimeout(() => { void run() }, delayMs)
    timer.unref()
  }

  const run = async (): Promise<void> => {
    if (init.signal.aborted) {
      return
    }
    if (!components.connected()) {
      log.debug({ retryMs: init.retryMs }, 'reprovide postponed: no connected peer')
      schedule(Math.min(init.retryMs, init.intervalMs))
      return
    }
    state.running = true
    let count = 0
    try {
      for await (const cid of providedContent(helia, init.strategy, { signal: init.signal })) {
        await queue.push(cid, { signal: init.signal })
        count++
      }
      await queue.idle({ signal: init.signal })
      const now = Date.now()
      await helia.datastore.put(LAST_RUN_KEY, new TextEncoder().encode(String(now)), { signal: init.signal })
      Object.assign(state, { lastRunAt: now, lastCount: count, runs: state.runs + 1 })
      log.info({ count, strategy: init.strategy }, 'reprovided')
      schedule(init.intervalMs)
    } catch (err) {
      if (init.signal.aborted) {
        return
      }
      log.warn({ err: (err as Error).message }, 'reprovide failed; retrying')
      schedule(Math.min(init.retryMs, init.intervalMs))
    } finally {
      state.running = false
    }
  }

  return {
    async start () {
      const last = await readLastRun(helia)
      state.lastRunAt = last
      schedule(last == null ? 0 : Math.max(0, last + init.intervalMs - Date.now()))
    },
    stop () {
      clearTimeout(timer)
      state.nextRunAt = undefined
    },
    status: () => ({ ...state })
  }
}

async function readLastRun (helia: Pick<Helia, 'datastore'>): Promise<number | undefined> {
  try {
    const value = Number(new TextDecoder().decode(await helia.datastore.get(LAST_RUN_KEY)))
    return Number.isFinite(value) ? value : undefined
  } catch (err) {
    if ((err as Error).name === 'NotFoundError') {
      return undefined
    }
    throw err
  }
}
