import { computedGauge } from './index.ts'
import type { Libp2p } from '@libp2p/interface'
import type { HeldName, Names } from '../names/index.ts'
import type { PinService } from '../pin-service/index.ts'
import type { StorageLimit } from '../storage/limit.ts'
import type { Registry } from 'prom-client'

export interface GaugeSources {
  libp2p: Pick<Libp2p, 'getPeers'>
  pinService: Pick<PinService, 'list'>
  names: Pick<Names, 'listOwn' | 'listKept'>
  storage: StorageLimit
}

const PIN_STATUSES = ['queued', 'pinning', 'pinned', 'failed'] as const


/**
 * The node's state as gauges, read when Prometheus scrapes: peers, pin
 * requests by status, IPNS names and how soon the first one expires, and
 * storage against its limit. Each reads what the node already keeps.
 */
export function registerNodeGauges (registry: Registry, sources: GaugeSources): void {
  // three gauges read the names; a scrape collects them together, so they share one read in flight
  let reading: Promise<HeldName[]> | undefined
  const held = async (): Promise<HeldName[]> => {
    reading ??= heldNames(sources).finally(() => { reading = undefined })
    return reading
  }
  computedGauge(registry, 'cairn_connected_peers', 'Distinct peers with an open libp2p connection', () => sources.libp2p.getPeers().length)
  for (const status of PIN_STATUSES) {
    computedGauge(registry, `cairn_pin_requests_${status}`, `Pinning Service API requests that are ${status}`,
      () => sources.pinService.list({ status: [status], limit: 1 }).count)
  }
  computedGauge(registry, 'cairn_remote_pins_in_flight', 'Pin requests queued or being fetched',
    () => sources.pinService.list({ status: ['queued', 'pinning'], limit: 1 }).count)
  computedGauge(registry, 'cairn_ipns_names', 'IPNS names kept alive (own and kept)', async () => (await held()).length)
  computedGauge(registry, 'cairn_ipns_names_failing', 'IPNS names whose last republish failed', async () => (await held()).filter(n => n.lastError != null).length)
  computedGauge(registry, 'cairn_ipns_earliest_expiry_seconds', 'Seconds until the earliest held IPNS record expires (-1 when none is held)', async () => {
    const eols = (await held()).map(n => n.eol.getTime())
    return eols.length === 0 ? -1 : (Math.min(...eols) - Date.now()) / 1000
  })
  computedGauge(registry, 'cairn_storage_used_bytes', 'Bytes of blocks held', () => sources.storage.usedBytes)
  computedGauge(registry, 'cairn_storage_max_bytes', 'CAIRN_STORAGE_MAX (-1 when unlimited)', () => Number.isFinite(sources.storage.maxBytes) ? sources.storage.maxBytes : -1)
}

async function heldNames (sources: GaugeSources): Promise<HeldName[]> {
  return [...await sources.names.listOwn(), ...await sources.names.listKept()]
}
