import { once } from 'node:events'
import { serve } from '@hono/node-server'
import { createApp } from '../routes/index.ts'
import { resolveApiToken } from './api-token.ts'
import { CONFIG_HELP, parseConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { createNode } from './node.ts'
import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import type { LoopbackGaterEvents } from './network/loopback-gater.ts'
import type { CairnNode } from './node.ts'
import type { ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

export interface Service {
  /** Base URL of the HTTP server, with the port actually bound. */
  url: string
  node: CairnNode
  apiToken: string
  /** Stop accepting, drain in-flight requests (bounded), stop Helia, close the stores; a second call waits for the first. */
  shutdown(): Promise<void>
}

export interface StartOptions {
  logger: Logger
  gaterEvents?: LoopbackGaterEvents
}

/** Composition root: config -> node -> app -> listen. */
export async function startService (config: Config, options: StartOptions): Promise<Service> {
  const { logger } = options
  const node = await createNode(config, { logger, gaterEvents: options.gaterEvents })
  let server: ServerType
  let apiToken: string
  try {
    apiToken = await resolveApiToken(config.dataDir, config.apiToken, logger)
    const app = createApp({ node, apiToken, logger })
    server = serve({ fetch: app.fetch, hostname: config.httpHost, port: config.httpPort })
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => { throw err })])
  } catch (err) {
    await node.stop()
    throw err
  }

  const { port } = server.address() as AddressInfo
  const host = config.httpHost.includes(':') ? `[${config.httpHost}]` : config.httpHost
  const url = `http://${host}:${port}`
  logger.info({
    url,
    peerId: node.helia.libp2p.peerId.toString(),
    addresses: node.helia.libp2p.getMultiaddrs().map(ma => ma.toString()),
    network: config.network
  }, `cairn listening on ${url}`)

  let stopped: Promise<void> | undefined
  const service: Service = {
    url,
    node,
    apiToken,
    async shutdown () {
      stopped ??= closeServer(server as Server, config.shutdownGraceMs, logger).then(async () => node.stop())
      return stopped
    }
  }
  // Kubo's `shutdown` command: the same clean stop as SIGTERM
  node.stopRequested.addEventListener('abort', () => {
    service.shutdown().catch((err: unknown) => { logger.error({ err }, 'shutdown failed') })
  }, { once: true })
  return service
}

async function closeServer (server: Server, graceMs: number, log: Logger): Promise<void> {
  const closed = new Promise<void>(resolve => server.close(() => { resolve() }))
  server.closeIdleConnections()
  const timer = setTimeout(() => {
    log.warn({ graceMs }, 'in-flight requests outlived the grace period; closing their connections')
    server.closeAllConnections()
  }, graceMs)
  await closed
  clearTimeout(timer)
}

async function main (): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`Usage: npm start -- [flags]\n\nEach flag has an environment variable; the flag wins.\n${CONFIG_HELP}\n`)
    return
  }
  let config: Config
  try {
    config = parseConfig(process.env, process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`cairn: ${(err as Error).message}\n`)
    process.exit(2)
  }
  const logger = createLogger(config.logLevel)
  const service = await startService(config, { logger })

  let stopping = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal }, 'shutting down')
    service.shutdown().then(
      () => { logger.info('shutdown complete'); process.exit(0) },
      (err: unknown) => { logger.error({ err }, 'shutdown failed'); process.exit(1) }
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  service.node.stopRequested.addEventListener('abort', () => { onSignal('SIGTERM') }, { once: true })
}

if (import.meta.main) {
  main().catch((err: unknown) => {
    process.stderr.write(`cairn: failed to start: ${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  })
}
