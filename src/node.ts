import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { unixfs } from '@helia/unixfs'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import { createHeliaLight } from 'helia'
import * as dagJose from 'dag-jose'
import * as json from 'multiformats/codecs/json'
import { BITSWAP_MAX_WANTS_PER_PEER } from './constants.ts'
import { cbor } from './codecs/cbor.ts'
import { EXTRA_HASHERS } from './codecs/hashers.ts'
import { resolveKeychainPass } from './auth/keychain-pass.ts'
import { loadSelfKey, openKeychain } from './keys/keychain.ts'
import { createNames } from './names/index.ts'
import { createMetrics } from './metrics/index.ts'
import { registerNodeGauges } from './metrics/node-gauges.ts'
import { loopbackGater } from './network/loopback-gater.ts'
import { keepPeers } from './network/keep-peers.ts'
import { privateProfile } from './network/private-profile.ts'
import { refusingDns } from './network/refusing-dns.ts'
import { createProviding } from './providing/index.ts'
import { createPeerFetch } from './retrieval/index.ts'
import { createPinService } from './pin-service/index.ts'
import { createSearch } from './search/index.ts'
import { PinIndex, indexedPins } from './pins/pin-index.ts'
import { watchPinRecords } from './pins/record-watch.ts'
import { gcRunner, scheduleGc } from './repo/gc-schedule.ts'
import { openStores } from './stores.ts'
import type { Blockstore } from 'interface-blockstore'
import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import type { Names } from './names/index.ts'
import type { LoopbackGaterEvents } from './network/loopback-gater.ts'
import type { ProfileOptions } from './network/private-profile.ts'
import type { PinService } from './pin-service/index.ts'
import type { Providing } from './providing/index.ts'
import type { PeerFetch } from './retrieval/index.ts'
import type { PinRecordChange, Search } from './search/index.ts'
import type { Stores } from './stores.ts'
import type { StorageLimit } from './storage/limit.ts'
import type { CairnMetrics } from './metrics/index.ts'
import type { Helia, Keychain } from '@helia/interface'
import type { HeliaWithLibp2p } from '@helia/libp2p'
import type { UnixFS } from '@helia/unixfs'
import type { ServiceMap } from '@libp2p/interface'

/** Helia with a libp2p whose services depend on the network profile. */
export type CairnHelia = HeliaWithLibp2p<ServiceMap>

export type NodeStatus = 'stopped' | 'starting' | 'started' | 'stopping'

/** One running IPFS peer: Helia over persistent stores, plus the views Cairn uses. */
export interface CairnNode {
  readonly config: Config
  readonly helia: CairnHelia
  readonly fs: UnixFS
  /**
   * The blocks on disk, beneath Helia's locks and network fetches: the
   * gateway reads local blocks here first (Helia's per-block read lock cost
   * it a twentieth of its throughput in the bench), and garbage collection
   * sweeps them here.
   */
  readonly localBlocks: Pick<Blockstore, 'get' | 'has' | 'getAll' | 'delete'>
  /** Every key, `self` included, encrypted at rest with the keychain passphrase (also `helia.keychain`). */
  readonly keychain: Keychain
  /** IPNS names: publish, resolve, and keep alive (own names re-signed, kept names re-put) while the node runs. */
  readonly names: Names
  /** Pinning Service API requests, fetched in the background while the node runs. */
  readonly pinService: PinService
  /** Bytes of blocks held, against CAIRN_STORAGE_MAX (maxBytes is Infinity when unset). */
  readonly storage: StorageLimit
  /** Prometheus metrics: Cairn's, Helia's and libp2p's, in the node's own registry. */
  readonly metrics: CairnMetrics
  /** Announces added content to the routing in the background, and re-announces it on a schedule. */
  readonly providing: Providing
  /** What this node makes findable (public pins), and searches of peers' catalogs. */
  readonly search: Search
  /** DAGs fetched from Cairn peers' gateways as verified CARs (CAIRN_PEER_GATEWAYS); undefined when off. */
  readonly peerFetch?: PeerFetch
  readonly status: NodeStatus
  readonly log: Logger
  /** Aborted when the node stops: background work (provides, fetches) follows it. */
  readonly signal: AbortSignal
  /** Aborted when someone asks the service to stop (Kubo's `shutdown`); the composition root stops it as on SIGTERM. */
  readonly stopRequested: AbortSignal
  requestStop(): void
  stop(): Promise<void>
}

export interface CreateNodeOptions {
  logger: Logger
  /** Observe what a loopback-only node refused (tests assert on it). */
  gaterEvents?: LoopbackGaterEvents
}

/**
 * Opens the stores under `config.dataDir`, composes Helia from its parts for
 * the configured network profile, starts it and dials the configured peers.
 * The libp2p key lives in the datastore, so the peer ID survives restarts.
 */
export async function createNode (config: Config, options: CreateNodeOptions): Promise<CairnNode> {
  const log = options.logger.child({ component: 'cairn:node' })
  const metrics = createMetrics()
  // the collector exists once Helia does; until then nothing is written
  let collectGarbage = (_reason: string): void => {}
  // the search catalog exists once Helia does; pin records written before then are read at its start
  let pinChanged = (_change: PinRecordChange): void => {}
  const stores = await openStores(config.dataDir, {
    blockCacheBytes: config.blockCacheBytes,
    storage: { maxBytes: config.storageMax ?? Infinity, watermarkPercent: config.gcWatermark, onAboveWatermark: () => { collectGarbage('storage watermark') } }
  })
  const pinIndex = new PinIndex(stores.datastore)
  let status: NodeStatus = 'starting'
  const lifetime = new AbortController()
  const stopRequest = new AbortController()

  let started: Helia | undefined
  try {
    const dns = config.loopbackOnly ? refusingDns() : undefined
    const light = createHeliaLight({
      blockstore: stores.blockstore,
      // every pin change passes here, so the search catalog follows all of them
      datastore: watchPinRecords(stores.datastore, change => { pinIndex.changed(change); pinChanged(change) }),
      dns,
      // the light node knows dag-pb and raw only; the DAG API and gateway also serve these
      codecs: [dagCbor, dagJson, json, cbor, dagJose],
      hashers: EXTRA_HASHERS
    })
    const keychainPass = await resolveKeychainPass(config.dataDir, config.keychainPass, log)
    const keychain = await openKeychain({ datastore: stores.datastore, getCrypto: light.getCrypto }, keychainPass, log)
    // Helia 7 builds helia.keychain without a password whatever its init says;
    // swapped so that nothing can read or write keys outside the encrypted one
    light.keychain = keychain
    // pins are listed from memory, kept in step with every pin record written
    light.pins = indexedPins(light.pins, pinIndex)
    // one instance for libp2p and Helia (bitswap reports through helia.metrics), in the node's registry;
    // the library keeps its metric objects process-wide, so a second node must not clear them
    const libp2pMetrics = prometheusMetrics({ registry: metrics.registry, collectDefaultMetrics: false, preserveExistingMetrics: true })({ logger: light.logger })
    light.metrics = libp2pMetrics
    const profile: ProfileOptions = {
      listen: config.listen,
      connectionGater: config.loopbackOnly ? loopbackGater(gaterLogging(log, options.gaterEvents)) : undefined,
      dns,
      privateKey: await loadSelfKey(keychain),
      announce: config.announce,
      maxConnections: config.maxConnections,
      metrics: libp2pMetrics
    }
    // the public profile pulls in libp2p's whole default stack (UPnP, AutoNAT, relays, delegated
    // routing, UPnP's SSDP client): modules a private node never needs
    const withNetwork = config.network === 'public'
      ? (await import('./network/public-profile.ts')).withPublicNetwork(light, profile)
      : withLibp2pLight(light, privateProfile(profile))
    const helia: CairnHelia = withBitswap(withNetwork, { maxWantlistSize: BITSWAP_MAX_WANTS_PER_PEER })
    const fs = unixfs(helia)
    const names = createNames({
      datastore: helia.datastore,
      keychain,
      routing: helia.routing,
      // libp2p exists only once Helia has started
      network: { getConnections: () => helia.libp2p.getConnections() },
      fs,
      logger: options.logger
    }, {
      republishIntervalMs: config.ipnsRepublishIntervalMs,
      putTimeoutMs: config.provideTimeoutMs,
      lookupTimeoutMs: config.fetchTimeoutMs
    })

    const providing = createProviding({ helia, log: options.logger }, {
      strategy: config.provideStrategy,
      intervalMs: config.reprovideIntervalMs,
      timeoutMs: config.provideTimeoutMs,
      signal: lifetime.signal
    })

    await helia.start()
    started = helia
    status = 'started'
    const peerFetch = config.peerGateways
      ? createPeerFetch({ libp2p: helia.libp2p, routing: helia.routing, blockstore: helia.blockstore, getHasher: helia.getHasher, getCodec: helia.getCodec, log: options.logger.child({ component: 'cairn:peer-fetch' }) }, {
        rules: { loopbackOnly: config.loopbackOnly, network: config.network, gater: profile.connectionGater }
      })
      : undefined
    await peerFetch?.start()
    // the libp2p node exists once Helia has started
    const search = await createSearch({ helia, providing, localBlocks: stores.blockstore, log: options.logger, metrics }, {
      enabled: config.searchEnabled,
      dataDir: config.dataDir,
      depth: config.searchIndexDepth,
      maxTerms: config.searchMaxTerms,
      relayRate: config.searchRelayRate,
      intervalMs: config.reprovideIntervalMs,
      signal: lifetime.signal
    })
    pinChanged = change => { search.pinChanged(change) }
    pinIndex.warm(err => { log.warn({ err }, 'reading the pin records failed; the next listing tries again') })
    await search.start()
    await keepPeers(helia.libp2p, config.peers, log, { dialTimeoutMs: config.fetchTimeoutMs, signal: lifetime.signal })
    // after the peers are dialled, so that names due while the node was down go out at once
    await names.start()
    await providing.start()
    search.announce()
    const pinService = createPinService(
      { pins: { helia, fs, config, peerFetch }, libp2p: helia.libp2p, log: options.logger.child({ component: 'cairn:pin-service' }), announce: cid => { providing.announce(cid) } },
      { concurrency: config.pinConcurrency, idleTimeoutMs: config.pinIdleTimeoutMs }
    )
    await pinService.start()
    const gc = gcRunner({ pins: helia.pins, datastore: helia.datastore, localBlocks: stores.blockstore }, options.logger.child({ component: 'cairn:gc' }), metrics)
    registerNodeGauges(metrics.registry, { libp2p: helia.libp2p, pinService, names, storage: stores.limit })
    collectGarbage = (reason) => { if (!lifetime.signal.aborted) gc.run(reason) }
    if (config.gcIntervalMs > 0) {
      scheduleGc(gc, { intervalMs: config.gcIntervalMs, signal: lifetime.signal })
    }

    return {
      config,
      helia,
      fs,
      localBlocks: stores.blockstore,
      storage: stores.limit,
      metrics,
      keychain,
      names,
      providing,
      search,
      pinService,
      peerFetch,
      log,
      signal: lifetime.signal,
      stopRequested: stopRequest.signal,
      requestStop () { stopRequest.abort() },
      get status () { return status },
      async stop () {
        if (status !== 'started') {
          return
        }
        status = 'stopping'
        lifetime.abort()
        providing.stop()
        await pinService.stop()
        await search.stop()
        await names.stop()
        await peerFetch?.stop()
        await stopAll(helia, stores, log)
        status = 'stopped'
      }
    }
  } catch (err) {
    // a start that failed after Helia started (peers, names) must not leave it running
    await started?.stop().catch(() => {})
    await stores.close()
    throw err
  }
}

async function stopAll (helia: Helia, stores: Stores, log: Logger): Promise<void> {
  try {
    await helia.stop()
  } finally {
    await stores.close()
    log.info('node stopped, stores closed')
  }
}

function gaterLogging (log: Logger, events: LoopbackGaterEvents = {}): LoopbackGaterEvents {
  return {
    onRefused (direction, address) {
      log.debug({ direction, address: address.toString() }, 'refused non-loopback address')
      events.onRefused?.(direction, address)
    }
  }
}
