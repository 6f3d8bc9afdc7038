import { seriesSum, seriesValue } from './read.ts'
import type { Registry } from 'prom-client'

export interface Bandwidth {
  totalIn: number
  totalOut: number
  /** Bytes per second since the previous reading (0 on the first). */
  rateIn: number
  rateOut: number
}

export interface BitswapStats {
  blocksReceived: number
  dataReceived: number
  blocksSent: number
  dataSent: number
  dupBlksReceived: number
  dupDataReceived: number
}

/**
 * libp2p's byte counters (`libp2p_data_transfer_bytes_total`), with rates
 * over the time since the last call: Kubo's `stats/bw` keeps a moving
 * meter; here a caller polling every second sees the same figure.
 */
export function bandwidthMeter (registry: Registry): () => Promise<Bandwidth> {
  let last: { at: number, in: number, out: number } | undefined
  return async () => {
    const totalIn = await seriesValue(registry, 'libp2p_data_transfer_bytes_total', { protocol: 'global received' })
    const totalOut = await seriesValue(registry, 'libp2p_data_transfer_bytes_total', { protocol: 'global sent' })
    const now = performance.now()
    const seconds = last == null ? 0 : (now - last.at) / 1000
    const rateIn = last == null || seconds === 0 ? 0 : (totalIn - last.in) / seconds
    const rateOut = last == null || seconds === 0 ? 0 : (totalOut - last.out) / seconds
    last = { at: now, in: totalIn, out: totalOut }
    return { totalIn, totalOut, rateIn, rateOut }
  }
}

/**
 * Helia's bitswap counters, as Kubo's `stats/bitswap` names them. Helia 7
 * counts what it sends but never updates its received-block counters, so
 * bytes received come from libp2p's byte count on the bitswap protocols
 * (message framing included), and the block counts stay Helia's.
 */
export async function bitswapStats (registry: Registry): Promise<BitswapStats> {
  const global = { helia_bitswap_received_blocks: 'global' }
  return {
    blocksReceived: await seriesValue(registry, 'helia_bitswap_received_blocks', global),
    dataReceived: await seriesSum(registry, 'libp2p_data_transfer_bytes_total', 'protocol', /^\/ipfs\/bitswap\/\S+ received$/),
    blocksSent: await seriesValue(registry, 'helia_bitswap_sent_blocks_total'),
    dataSent: await seriesValue(registry, 'helia_bitswap_sent_data_bytes_total'),
    dupBlksReceived: await seriesValue(registry, 'helia_bitswap_duplicate_received_blocks', { helia_bitswap_duplicate_received_blocks: 'global' }),
    dupDataReceived: await seriesValue(registry, 'helia_bitswap_duplicate_data_received_bytes', { helia_bitswap_duplicate_data_received_bytes: 'global' })
  }
}
