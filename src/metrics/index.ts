import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * Cairn's Prometheus metrics, in a registry of the node's own (two nodes in
 * one process, as in tests, do not mix their figures). Names follow the
 * projects operators already watch: Kubo's `http_server_request_duration_seconds`,
 * rainbow's `ipfs_http_gw_*`, libp2p's and Helia's own families (registered
 * here too, through @libp2p/prometheus-metrics), prom-client's process set,
 * and `cairn_*` for the rest. Gauges that describe state are computed when
 * scraped (see node-gauges.ts), so nothing is kept in step by hand.
 */
export interface CairnMetrics {
  readonly registry: Registry
  /** Every HTTP request, both listeners, by route template. */
  readonly httpDuration: Histogram<'listener' | 'handler' | 'method' | 'code'>
  readonly gatewayResponses: Counter<'code' | 'format'>
  readonly gatewayFirstByte: Histogram<'format'>
  readonly gatewayServedBytes: Counter
  readonly uploadedBytes: Counter
  readonly ipnsPublishes: Counter
  readonly gcRuns: Counter<'reason' | 'outcome'>
  readonly gcRemovedBlocks: Counter
}

const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]

export function createMetrics (): CairnMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Time from a request\'s arrival to the end of its answer, by listener, route template, method and status',
      labelNames: ['listener', 'handler', 'method', 'code'],
      buckets: SECONDS_BUCKETS,
      registers
    }),
    gatewayResponses: new Counter({
      name: 'ipfs_http_gw_responses_total',
      help: 'Gateway answers by status code and response format',
      labelNames: ['code', 'format'],
      registers
    }),
    gatewayFirstByte: new Histogram({
      name: 'ipfs_http_gw_time_to_first_byte_seconds',
      help: 'Time until a gateway answer\'s status and headers were ready, by response format',
      labelNames: ['format'],
      buckets: SECONDS_BUCKETS,
      registers
    }),
    gatewayServedBytes: new Counter({ name: 'ipfs_http_gw_served_bytes_total', help: 'Bytes the gateway wrote to clients, headers included', registers }),
    uploadedBytes: new Counter({ name: 'cairn_upload_bytes_total', help: 'File bytes received by successful add, block/put, dag/put and dag/import calls', registers }),
    ipnsPublishes: new Counter({ name: 'cairn_ipns_publishes_total', help: 'IPNS names published through the API', registers }),
    gcRuns: new Counter({ name: 'cairn_gc_runs_total', help: 'Garbage collections, by what started them and how they ended', labelNames: ['reason', 'outcome'], registers }),
    gcRemovedBlocks: new Counter({ name: 'cairn_gc_removed_blocks_total', help: 'Blocks removed by garbage collection', registers })
  }
}

/** A gauge whose value is computed when it is scraped. */
export function computedGauge (registry: Registry, name: string, help: string, compute: () => number | Promise<number>): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect () { this.set(await compute()) }
  })
}
