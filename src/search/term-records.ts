import { peerIdFromCID } from '@libp2p/peer-id'
import { termCid } from './terms.ts'
import type { Catalog } from './catalog.ts'
import type { Providing } from '../providing/index.ts'
import type { Logger } from '../logger.ts'
import type { Routing } from '@helia/interface'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface TermRecordsComponents {
  catalog: Pick<Catalog, 'terms'>
  providing: Pick<Providing, 'provide'>
  routing: Pick<Routing, 'findProviders'>
  /** Whether any peer is connected to hear an announcement. */
  connected: () => boolean
  log: Logger
}

export interface TermRecordsInit {
  /** Most terms announced. */
  maxTerms: number
  /** How often every announced term is announced again (the providing schedule). */
  intervalMs: number
  /** How soon to try again when no peer is connected. */
  retryMs: number
  signal: AbortSignal
}

/**
 * Kad-style keyword records, reaching past the flood's hop limit: for each
 * indexed term, this node announces itself in the routing (the DHT of the
 * active profile) as a provider of the term's CID (see terms.ts), and a
 * search looks those providers up and asks them directly. The terms
 * announced are the catalog's first `maxTerms` (each pin's own words before
 * its file names); the announcements go through the node's provide queue
 * and are renewed on the providing schedule.
 */
export class TermRecords {
  private readonly components: TermRecordsComponents
  private readonly init: TermRecordsInit
  private readonly announced = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor (components: TermRecordsComponents, init: TermRecordsInit) {
    this.components = components
    this.init = init
  }

  /** Announces every term within the budget now (or once a peer is connected), then again each interval. */
  start (): void {
    const run = (): void => {
      const connected = this.components.connected()
      if (connected) {
        this.announced.clear()
        void this.update()
      }
      this.timer = setTimeout(run, connected ? this.init.intervalMs : this.init.retryMs)
      this.timer.unref()
    }
    run()
  }

  stop (): void {
    clearTimeout(this.timer)
  }

  /** Announces the terms within the budget that are not announced yet (after a pin is indexed). */
  async update (): Promise<void> {
    if (!this.components.connected()) {
      // the schedule's next run announces them
      return
    }
    for (const term of this.components.catalog.terms(this.init.maxTerms)) {
      if (this.init.signal.aborted) {
        return
      }
      if (!this.announced.has(term)) {
        this.announced.add(term)
        this.components.providing.provide(await termCid(term))
      }
    }
  }

  /** Peers that announced `term`, as the routing reports them; ends when the lookup does or the signal aborts. */
  async * holders (term: string, signal: AbortSignal): AsyncGenerator<{ id: PeerId, multiaddrs: Multiaddr[] }> {
    try {
      for await (const provider of this.components.routing.findProviders(await termCid(term), { signal })) {
        yield { id: peerIdFromCID(provider.id), multiaddrs: provider.multiaddrs }
      }
    } catch (err) {
      if (!signal.aborted) {
        this.components.log.debug({ term, err: (err as Error).message }, 'term record lookup failed')
      }
    }
  }
}
