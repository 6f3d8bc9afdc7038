/**
 * Search: finding content held by peers, with no central index.
 *
 * Each node keeps a catalog of what its owner chose to make findable (pins
 * marked public: their names, descriptions, keywords and the file and
 * folder names in their DAGs), and answers peers' queries from it over
 * `/cairn/search/1.0.0`. A query floods outwards Gnutella-style, one hop less
 * at each relay, with answers routed back along its path; and, Kad-style,
 * each node announces a provider record for every indexed term's CID, so a
 * search also asks the holders the routing knows, past the hop limit.
 *
 * @example
 * ```ts
 * const search = await createSearch({ helia, providing, localBlocks, log, metrics }, { enabled: true, dataDir, depth: 3, maxTerms: 1000, relayRate: 5, intervalMs, signal })
 * await search.start()
 * for await (const result of search.search({ q: 'solar', hops: 3, limit: 20 })) {
 *   console.log(result.cid, result.name, result.path, result.peer.id, result.via)
 * }
 * await search.stop()
 * ```
 */
import { join } from 'node:path'
import { Counter } from 'prom-client'
import { REPROVIDE_RETRY_MS } from '../constants.ts'
import { computedGauge } from '../metrics/index.ts'
import { Catalog } from './catalog.ts'
import { PeerGuard, SeenQueries } from './guard.ts'
import { Indexer } from './indexer.ts'
import { SearchProtocol } from './protocol.ts'
import { search } from './search.ts'
import { TermRecords } from './term-records.ts'
import type { PinRecordChange } from '../pins/record-watch.ts'
import type { SearchRequest, SearchResult } from './search.ts'
import type { Logger } from '../logger.ts'
import type { CairnMetrics } from '../metrics/index.ts'
import type { Providing } from '../providing/index.ts'
import type { Helia } from '@helia/interface'
import type { Libp2p } from '@libp2p/interface'
import type { Blockstore } from 'interface-blockstore'

export type { PinRecordChange } from '../pins/record-watch.ts'
export { SEARCH_ROUTES } from './search.ts'
export type { SearchRequest, SearchResult, SearchRoute, Via } from './search.ts'

/** The catalog's file in the data directory. */
export const CATALOG_FILE = 'search-catalog.json'

/** Catalog writes are gathered for this long. */
const SAVE_DELAY_MS = 1000

export interface Search {
  /** Streams results as they arrive; ends at the limit or the deadline. @throws InvalidArgumentError */
  search(request: SearchRequest): AsyncGenerator<SearchResult>
  /** A pin record was written or deleted (see pins/record-watch.ts). */
  pinChanged(change: PinRecordChange): void
  /** Resolves once every pin change reported so far is in the catalog. */
  indexed(): Promise<void>
  status(): { enabled: boolean, pins: number, entries: number }
  /** Answers peers from now on (before peers are dialled, so identify tells them) and brings the catalog in line with the pins. */
  start(): Promise<void>
  /** Starts announcing term records; call once the peers are dialled. */
  announce(): void
  stop(): Promise<void>
}

export interface SearchComponents {
  helia: Pick<Helia, 'pins' | 'routing'> & { libp2p: SearchLibp2p }
  providing: Pick<Providing, 'provide'>
  /** This node's blocks: indexing reads nothing from the network. */
  localBlocks: Pick<Blockstore, 'get'>
  log: Logger
  metrics: Pick<CairnMetrics, 'registry'>
}

type SearchLibp2p = Pick<Libp2p, 'handle' | 'unhandle' | 'dialProtocol' | 'getPeers' | 'getConnections' | 'peerStore' | 'hangUp' | 'peerId' | 'getMultiaddrs'>

export interface SearchInit {
  /** Answer, relay and ask peers, and announce term records; off: the local catalog only. */
  enabled: boolean
  dataDir: string
  depth: number
  maxTerms: number
  relayRate: number
  /** How often term records are announced again. */
  intervalMs: number
  /** The node's lifetime. */
  signal: AbortSignal
}

export async function createSearch (components: SearchComponents, init: SearchInit): Promise<Search> {
  const { helia, providing } = components
  const log = components.log.child({ component: 'cairn:search' })
  const catalog = await Catalog.open(join(init.dataDir, CATALOG_FILE))
  const events = new Counter({
    name: 'cairn_search_events_total',
    help: 'What happened to search queries from peers: query, answered, relayed, duplicate, rate-limited, banned, malformed, disconnected',
    labelNames: ['event'],
    registers: [components.metrics.registry]
  })
  computedGauge(components.metrics.registry, 'cairn_search_catalog_entries', 'Entries (public pins, their files and folders) in the search catalog', () => catalog.size)

  let saveTimer: ReturnType<typeof setTimeout> | undefined
  let reconciling: Promise<void> | undefined
  const save = (): void => {
    saveTimer ??= setTimeout(() => {
      saveTimer = undefined
      catalog.save().catch((err: Error) => { log.warn({ err: err.message }, 'could not save the search catalog') })
    }, SAVE_DELAY_MS)
  }

  const seen = new SeenQueries()
  // the guard bans through the protocol, which checks peers with the guard
  const guard = new PeerGuard({ queriesPerSecond: init.relayRate, onBanned: peer => { void banned(peer) } })
  const protocol = new SearchProtocol({ libp2p: helia.libp2p, catalog, guard, seen, log, count: event => { events.inc({ event }) } })
  const termRecords = new TermRecords(
    { catalog, providing, routing: helia.routing, connected: () => helia.libp2p.getConnections().length > 0, log },
    { maxTerms: init.maxTerms, intervalMs: init.intervalMs, retryMs: REPROVIDE_RETRY_MS, signal: init.signal }
  )
  const network = init.enabled ? { termRecords } : undefined
  const indexer = new Indexer({
    catalog,
    helia,
    blockstore: components.localBlocks,
    log,
    onIndexed: () => {
      save()
      if (init.enabled) {
        void termRecords.update()
      }
    }
  }, { depth: init.depth, signal: init.signal })

  const banned = async (peer: string): Promise<void> => {
    const id = helia.libp2p.getPeers().find(p => p.toString() === peer)
    if (id != null) {
      await protocol.disconnect(id)
    }
  }

  return {
    search: request => search({ protocol, network, seen, libp2p: helia.libp2p }, request),
    pinChanged (change) {
      indexer.changed(change)
      save()
    },
    indexed: async () => {
      await reconciling
      await indexer.idle()
    },
    status: () => ({ enabled: init.enabled, pins: catalog.roots().length, entries: catalog.size }),
    async start () {
      if (init.enabled) {
        await protocol.start()
      }
      // the saved catalog answers at once; bringing it in line with the pins reads every pin
      // record (~1 s at 50,000), which need not hold up the node's start
      reconciling = indexer.reconcile().then(save, (err: Error) => { log.warn({ err: err.message }, 'could not bring the search catalog in line with the pins') })
    },
    announce () {
      if (init.enabled) {
        termRecords.start()
      }
    },
    async stop () {
      termRecords.stop()
      if (init.enabled) {
        await protocol.stop()
      }
      clearTimeout(saveTimer)
      await reconciling
      await indexer.idle()
      await catalog.save()
    }
  }
}
