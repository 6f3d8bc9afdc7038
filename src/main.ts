import { once } from 'node:events'
import { serve } from '@hono/node-server'
import { createApiApp, createGatewayApp } from '../routes/index.ts'
import { resolveApiToken } from './auth/api-token.ts'
import { Tokens } from './auth/tokens.ts'
import { CONFIG_HELP, parseConfig } from './config.ts'
import { HEADERS_TIMEOUT_MS } from './constants.ts'
import { createLogger } from './logger.ts'
import { createNode } from './node.ts'
import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import { isLoopbackHost } from './network/loopback-gater.ts'
import type { LoopbackGaterEvents } from './network/loopback-gater.ts'
import type { CairnNode } from './node.ts'
import type { ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import type { AppEnv } from '../routes/index.ts'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

export interface Service {
  /** Base URL of the public gateway listener, with the port actually bound. */
  gatewayUrl: string
  /** Base URL of the API listener, with the port actually bound. */
  apiUrl: string
  /** The two HTTP servers, for operators' probes and tests of their settings. */
  servers: { gateway: Server, api: Server }
  node: CairnNode
  apiToken: string
  /** Stop accepting, drain in-flight requests (bounded), stop Helia, close the stores; a second call waits for the first. */
  shutdown(): Promise<void>
}

export interface StartOptions {
  logger: Logger
  gaterEvents?: LoopbackGaterEvents
}

/**
 * Composition root: config -> node -> the two apps -> two listeners, the
 * public gateway and the API, on origins of their own (Kubo's 8080 and 5001).
 */
export async function startService (config: Config, options: StartOptions): Promise<Service> {
  const { logger } = options
  const startedAt = new Date()
  const node = await createNode(config, { logger, gaterEvents: options.gaterEvents })
  const servers: Server[] = []
  let apiToken: string
  let gateway: Listener
  let api: Listener
  try {
    apiToken = await resolveApiToken(config.dataDir, config.apiToken, logger)
    const tokens = await Tokens.open(node.helia.datastore, apiToken)
    gateway = await listen(createGatewayApp({ node, logger }), config.httpHost, config.httpPort, servers)
    // peers that ask learn where the gateway listens once it does
    node.peerFetch?.setGateway(gateway.url)
    api = await listen(createApiApp({ node, tokens, logger, gatewayUrl: gateway.url, startedAt }), config.apiHost, config.apiPort, servers)
  } catch (err) {
    await Promise.all(servers.map(async server => closeServer(server, 0, logger)))
    await node.stop()
    throw err
  }

  const gatewayUrl = gateway.url
  const apiUrl = api.url
  logger.info({
    gateway: gatewayUrl,
    api: apiUrl,
    peerId: node.helia.libp2p.peerId.toString(),
    addresses: node.helia.libp2p.getMultiaddrs().map(ma => ma.toString()),
    network: config.network
  }, `cairn gateway on ${gatewayUrl}, API on ${apiUrl}`)
  if (isLoopbackHost(config.apiHost)) {
    // the token is a secret: this line is for the person at this machine, so only a loopback-only API prints it
    logger.info(`console: ${apiUrl}/webui/#token=${apiToken}`)
  }

  let stopped: Promise<void> | undefined
  const service: Service = {
    gatewayUrl,
    apiUrl,
    servers: { gateway: gateway.server, api: api.server },
    node,
    apiToken,
    async shutdown () {
      stopped ??= Promise.all(servers.map(async server => closeServer(server, config.shutdownGraceMs, logger))).then(async () => node.stop())
      return stopped
    }
  }
  // Kubo's `shutdown` command: the same clean stop as SIGTERM
  node.stopRequested.addEventListener('abort', () => {
    service.shutdown().catch((err: unknown) => { logger.error({ err }, 'shutdown failed') })
  }, { once: true })
  return service
}

/**
 * Serves `app` on host:port and returns its base URL. Headers must arrive
 * within HEADERS_TIMEOUT_MS (slowloris), but Node's 300 s cap on a whole
 * request is off: an upload may stream for hours, bounded instead by the
 * API's body idle timeout, and gateway answers by their own deadline.
 */
interface Listener {
  url: string
  server: Server
}

async function listen (app: Pick<Hono<AppEnv>, 'fetch'>, hostname: string, port: number, servers: Server[]): Promise<Listener> {
  const server: ServerType = serve({
    fetch: app.fetch,
    hostname,
    port,
    serverOptions: { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 0 }
  })
  servers.push(server as Server)
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => { throw err })])
  const bound = (server.address() as AddressInfo).port
  const host = hostname.includes(':') ? `[${hostname}]` : hostname
  return { url: `http://${host}:${bound}`, server: server as Server }
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

async function main (argv: string[], usage: string): Promise<void> {
  if (argv.includes('--help')) {
    process.stdout.write(`Usage: ${usage}\n\nEach flag has an environment variable; the flag wins.\n${CONFIG_HELP}\n`)
    return
  }
  let config: Config
  try {
    config = parseConfig(process.env, argv)
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

/**
 * Runs the service from a command line until SIGINT or SIGTERM: `npm start`
 * and `cairn daemon` both come here (through src/start.ts), so they take the
 * same flags and variables. Resolves once the service listens.
 */
export async function runDaemon (argv: string[], usage: string): Promise<void> {
  await main(argv, usage).catch((err: unknown) => {
    // a setting found wrong only at start (a secret file others can read) is a configuration error too
    if ((err as Error).name === 'ConfigError') {
      process.stderr.write(`cairn: ${(err as Error).message}\n`)
      process.exit(2)
    }
    process.stderr.write(`cairn: failed to start: ${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  })
}

if (import.meta.main) {
  await runDaemon(process.argv.slice(2), 'npm start -- [flags]')
}
