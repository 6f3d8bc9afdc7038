import { readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { z } from 'zod'
import {
  DEFAULT_DATA_DIR,
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_GATEWAY_DOMAINS,
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_PORT,
  DEFAULT_GC_INTERVAL_MS,
  DEFAULT_IMPORT_PROFILE,
  DEFAULT_IPNS_REPUBLISH_INTERVAL_MS,
  DEFAULT_LISTEN,
  DEFAULT_MAX_PARTS,
  DEFAULT_MAX_PATH_DEPTH,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_PIN_CONCURRENCY,
  DEFAULT_PIN_IDLE_TIMEOUT_MS,
  DEFAULT_PROVIDE_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_PROVIDE_STRATEGY,
  DEFAULT_REPROVIDE_INTERVAL_MS,
  DEFAULT_ANNOUNCE,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_BLOCK_CACHE_BYTES,
  DEFAULT_API_HOST,
  DEFAULT_API_PORT,
  DEFAULT_API_IDLE_TIMEOUT_MS,
  DEFAULT_GATEWAY_MAX_REQUEST_MS,
  DEFAULT_GATEWAY_MAX_CONCURRENT,
  DEFAULT_GATEWAY_RETRIEVAL_TIMEOUT_MS,
  DEFAULT_GC_WATERMARK_PERCENT,
  DEFAULT_SEARCH_INDEX_DEPTH,
  DEFAULT_SEARCH_MAX_TERMS,
  DEFAULT_SEARCH_RELAY_RATE
} from './constants.ts'
import bytes from 'bytes-iec'
import { ConfigError } from './errors.ts'
import { assertPrivateFile } from './auth/secret-file.ts'

export type NetworkProfile = 'private' | 'public'
export type ImportProfile = 'unixfs-v0-2015' | 'unixfs-v1-2025'
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

/** Everything the service reads from its environment, parsed once. */
export interface Config {
  /** The public gateway's listener. */
  httpHost: string
  /** 0 asks the OS for a free port. */
  httpPort: number
  /** The API's listener (/api, /pins, the console): another origin than the gateway's. */
  apiHost: string
  /** 0 asks the OS for a free port. */
  apiPort: number
  /** An API request body that sends nothing for this long is ended. */
  apiIdleTimeoutMs: number
  /** Origins (`scheme://host[:port]`) whose browser pages may call the API; any other `Origin` is refused. */
  apiCorsOrigins: string[]
  /** A gateway answer, streaming included, ends after this long. */
  gatewayMaxRequestMs: number
  /** Gateway requests in flight at once; more get 429. */
  gatewayMaxConcurrent: number
  /** A gateway retrieval ends when no new block arrives for this long. */
  gatewayRetrievalTimeoutMs: number
  /** Believe `X-Forwarded-Host`/`-Proto` (only behind a proxy that sets them). */
  trustProxy: boolean
  /** Most bytes the blockstore may hold; undefined: no limit. */
  storageMax?: number
  /** Percent of storageMax above which unpinned blocks are collected by themselves. */
  gcWatermark: number
  /** Absolute path of the data directory. */
  dataDir: string
  network: NetworkProfile
  listen: string[]
  /** Multiaddrs dialled at start and kept connected; without /p2p/<peer id>, retried until they answer. */
  peers: string[]
  /** Undefined means: load or generate `<dataDir>/api-token`. */
  apiToken?: string
  logLevel: LogLevel
  /** Refuse every non-loopback address, inbound or outbound. Tests always set it. */
  loopbackOnly: boolean
  fetchTimeoutMs: number
  provideTimeoutMs: number
  shutdownGraceMs: number
  /** IPIP-499 profile for adds that do not choose their own parameters. */
  importProfile: ImportProfile
  /** Largest upload body accepted, in bytes. */
  maxUploadBytes: number
  /** Most multipart parts (files + directories) in one upload. */
  maxParts: number
  /** Deepest path below an upload's root. */
  maxPathDepth: number
  /** Passphrase that encrypts the keychain at rest; undefined: load or generate `<dataDir>/keychain-pass`. */
  keychainPass?: string
  /** How often this node's IPNS names are re-signed and kept names re-put to the routing. */
  ipnsRepublishIntervalMs: number
  /** Lower-case domains whose subdomains serve `<cid>.ipfs.` and `<name>.ipns.` (subdomain gateway). */
  gatewayDomains: string[]
  /** Gateway requests serve only blocks this node holds; nothing is fetched for them (Kubo's `Gateway.NoFetch`). */
  gatewayNoFetch: boolean
  /** Run `repo gc` this often; 0 (the default) leaves collection to `repo/gc` calls. */
  gcIntervalMs: number
  /** Pin requests (Pinning Service API) fetched at once by the background worker. */
  pinConcurrency: number
  /** A pin request fails when no block of its DAG arrives for this long. */
  pinIdleTimeoutMs: number
  /** What is announced to the routing: `roots`, `pinned` or `all` blocks (Kubo's `Reprovider.Strategy`). */
  provideStrategy: 'all' | 'pinned' | 'roots'
  /** How often everything the strategy covers is re-announced. */
  reprovideIntervalMs: number
  /** Multiaddrs announced to peers instead of the listen addresses. */
  announce: string[]
  /** Bytes of recently read blocks kept in memory; 0 turns the cache off. */
  blockCacheBytes: number
  /** Most open libp2p connections. */
  maxConnections: number
  /** Answer and relay peers' search queries, and announce term records; default: on with the private profile. */
  searchEnabled: boolean
  /** Levels below a public pin's root whose names are indexed. */
  searchIndexDepth: number
  /** Most terms announced to the routing as term records. */
  searchMaxTerms: number
  /** Queries accepted from one peer per second. */
  searchRelayRate: number
  /**
   * Tell peers where this node's gateway listens (`/cairn/gateway/1.0.0`), and
   * fetch DAGs other Cairn nodes hold from their gateways as verified CARs;
   * off: bitswap only.
   */
  peerGateways: boolean
}

/** One row per setting: the env var, its flag, and how to read it. Also feeds `--help`. */
const SETTINGS = {
  httpHost: { env: 'CAIRN_HTTP_HOST', flag: 'http-host' },
  httpPort: { env: 'CAIRN_HTTP_PORT', flag: 'http-port' },
  apiHost: { env: 'CAIRN_API_HOST', flag: 'api-host' },
  apiPort: { env: 'CAIRN_API_PORT', flag: 'api-port' },
  apiIdleTimeoutMs: { env: 'CAIRN_API_IDLE_TIMEOUT_MS', flag: 'api-idle-timeout-ms' },
  apiCorsOrigins: { env: 'CAIRN_API_CORS_ORIGINS', flag: 'api-cors-origins' },
  gatewayMaxRequestMs: { env: 'CAIRN_GATEWAY_MAX_REQUEST_MS', flag: 'gateway-max-request-ms' },
  gatewayMaxConcurrent: { env: 'CAIRN_GATEWAY_MAX_CONCURRENT', flag: 'gateway-max-concurrent' },
  gatewayRetrievalTimeoutMs: { env: 'CAIRN_GATEWAY_RETRIEVAL_TIMEOUT_MS', flag: 'gateway-retrieval-timeout-ms' },
  trustProxy: { env: 'CAIRN_TRUST_PROXY', flag: 'trust-proxy' },
  storageMax: { env: 'CAIRN_STORAGE_MAX', flag: 'storage-max' },
  gcWatermark: { env: 'CAIRN_GC_WATERMARK', flag: 'gc-watermark' },
  dataDir: { env: 'CAIRN_DATA', flag: 'data' },
  network: { env: 'CAIRN_NETWORK', flag: 'network' },
  listen: { env: 'CAIRN_LISTEN', flag: 'listen' },
  peers: { env: 'CAIRN_PEERS', flag: 'peers' },
  apiToken: { env: 'CAIRN_API_TOKEN', flag: 'api-token' },
  logLevel: { env: 'CAIRN_LOG_LEVEL', flag: 'log-level' },
  loopbackOnly: { env: 'CAIRN_LOOPBACK_ONLY', flag: 'loopback-only' },
  fetchTimeoutMs: { env: 'CAIRN_FETCH_TIMEOUT_MS', flag: 'fetch-timeout-ms' },
  provideTimeoutMs: { env: 'CAIRN_PROVIDE_TIMEOUT_MS', flag: 'provide-timeout-ms' },
  shutdownGraceMs: { env: 'CAIRN_SHUTDOWN_GRACE_MS', flag: 'shutdown-grace-ms' },
  importProfile: { env: 'CAIRN_IMPORT_PROFILE', flag: 'import-profile' },
  maxUploadBytes: { env: 'CAIRN_MAX_UPLOAD_BYTES', flag: 'max-upload-bytes' },
  maxParts: { env: 'CAIRN_MAX_PARTS', flag: 'max-parts' },
  maxPathDepth: { env: 'CAIRN_MAX_PATH_DEPTH', flag: 'max-path-depth' },
  keychainPass: { env: 'CAIRN_KEYCHAIN_PASS', flag: 'keychain-pass' },
  ipnsRepublishIntervalMs: { env: 'CAIRN_IPNS_REPUBLISH_INTERVAL_MS', flag: 'ipns-republish-interval-ms' },
  gatewayDomains: { env: 'CAIRN_GATEWAY_DOMAINS', flag: 'gateway-domains' },
  gatewayNoFetch: { env: 'CAIRN_GATEWAY_NO_FETCH', flag: 'gateway-no-fetch' },
  gcIntervalMs: { env: 'CAIRN_GC_INTERVAL_MS', flag: 'gc-interval-ms' },
  pinConcurrency: { env: 'CAIRN_PIN_CONCURRENCY', flag: 'pin-concurrency' },
  pinIdleTimeoutMs: { env: 'CAIRN_PIN_IDLE_TIMEOUT_MS', flag: 'pin-idle-timeout-ms' },
  provideStrategy: { env: 'CAIRN_PROVIDE_STRATEGY', flag: 'provide-strategy' },
  reprovideIntervalMs: { env: 'CAIRN_REPROVIDE_INTERVAL_MS', flag: 'reprovide-interval-ms' },
  announce: { env: 'CAIRN_ANNOUNCE', flag: 'announce' },
  maxConnections: { env: 'CAIRN_MAX_CONNECTIONS', flag: 'max-connections' },
  blockCacheBytes: { env: 'CAIRN_BLOCK_CACHE_BYTES', flag: 'block-cache-bytes' },
  searchEnabled: { env: 'CAIRN_SEARCH_ENABLED', flag: 'search-enabled' },
  searchIndexDepth: { env: 'CAIRN_SEARCH_INDEX_DEPTH', flag: 'search-index-depth' },
  searchMaxTerms: { env: 'CAIRN_SEARCH_MAX_TERMS', flag: 'search-max-terms' },
  searchRelayRate: { env: 'CAIRN_SEARCH_RELAY_RATE', flag: 'search-relay-rate' },
  peerGateways: { env: 'CAIRN_PEER_GATEWAYS', flag: 'peer-gateways' }
} as const satisfies Record<keyof Config, { env: string, flag: string }>

/**
 * Secrets may also come from a file (Docker and compose secrets mount them
 * under /run/secrets), so they stay out of `env` listings and process tables.
 */
const SECRET_FILES = {
  apiToken: { env: 'CAIRN_API_TOKEN_FILE', flag: 'api-token-file' },
  keychainPass: { env: 'CAIRN_KEYCHAIN_PASS_FILE', flag: 'keychain-pass-file' }
} as const satisfies Partial<Record<keyof Config, { env: string, flag: string }>>

/** Every variable and flag the service reads. */
const ALL_SETTINGS = [...Object.values(SETTINGS), ...Object.values(SECRET_FILES)]

const list = z.string().transform(s => s.split(',').map(p => p.trim()).filter(p => p !== ''))

const multiaddrList = list.superRefine((addrs, ctx) => {
  for (const addr of addrs) {
    try {
      multiaddr(addr)
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${addr}" is not a multiaddr` })
    }
  }
})

/** Host names as a browser sends them in `Host`: letters, digits, hyphens, dots; compared lower-cased. */
const domainList = list.transform(domains => domains.map(d => d.toLowerCase())).superRefine((domains, ctx) => {
  for (const domain of domains) {
    if (!/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/.test(domain)) {
      ctx.addIssue({ code: 'custom', message: `"${domain}" is not a domain name` })
    }
  }
})

const millis = z.coerce.number().int().min(1)

const port = z.coerce.number().int().min(0).max(65535)

/** `scheme://host[:port]` as browsers send it in `Origin`. */
const originList = list.superRefine((origins, ctx) => {
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin such as https://example.com or http://localhost:3000` })
    }
  }
})

/** A byte count: `1073741824`, `10GB` (10^9) or `500MiB` (2^20), as Kubo's `StorageMax`. */
const byteSize = z.string().transform((text, ctx) => {
  const value = bytes.parse(text.trim())
  if (value == null || !Number.isFinite(value) || value < 1 || !/^\s*\d/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a size such as 10GB, 500MiB or 1073741824` })
    return z.NEVER
  }
  return Math.floor(value)
})

const boolean = z.enum(['true', 'false', '1', '0', '']).transform(v => v === 'true' || v === '1' || v === '')

const schema = z.object({
  httpHost: z.string().min(1).default(DEFAULT_HTTP_HOST),
  httpPort: port.default(DEFAULT_HTTP_PORT),
  apiHost: z.string().min(1).default(DEFAULT_API_HOST),
  apiPort: port.default(DEFAULT_API_PORT),
  apiIdleTimeoutMs: millis.default(DEFAULT_API_IDLE_TIMEOUT_MS),
  apiCorsOrigins: originList.default([]),
  gatewayMaxRequestMs: millis.default(DEFAULT_GATEWAY_MAX_REQUEST_MS),
  gatewayMaxConcurrent: z.coerce.number().int().min(1).default(DEFAULT_GATEWAY_MAX_CONCURRENT),
  gatewayRetrievalTimeoutMs: millis.default(DEFAULT_GATEWAY_RETRIEVAL_TIMEOUT_MS),
  trustProxy: boolean.default(false),
  storageMax: byteSize.optional(),
  gcWatermark: z.coerce.number().int().min(1).max(100).default(DEFAULT_GC_WATERMARK_PERCENT),
  dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  network: z.enum(['private', 'public']).default('private'),
  listen: multiaddrList.default([...DEFAULT_LISTEN]),
  peers: multiaddrList.default([]),
  apiToken: z.string().min(16, 'must be at least 16 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  loopbackOnly: boolean.default(false),
  fetchTimeoutMs: millis.default(DEFAULT_FETCH_TIMEOUT_MS),
  provideTimeoutMs: millis.default(DEFAULT_PROVIDE_TIMEOUT_MS),
  shutdownGraceMs: millis.default(DEFAULT_SHUTDOWN_GRACE_MS),
  importProfile: z.enum(['unixfs-v0-2015', 'unixfs-v1-2025']).default(DEFAULT_IMPORT_PROFILE),
  maxUploadBytes: z.coerce.number().int().min(1).default(DEFAULT_MAX_UPLOAD_BYTES),
  blockCacheBytes: z.coerce.number().int().min(0).default(DEFAULT_BLOCK_CACHE_BYTES),
  maxParts: z.coerce.number().int().min(1).default(DEFAULT_MAX_PARTS),
  maxPathDepth: z.coerce.number().int().min(1).default(DEFAULT_MAX_PATH_DEPTH),
  keychainPass: z.string().min(20, 'must be at least 20 characters').optional(),
  ipnsRepublishIntervalMs: millis.default(DEFAULT_IPNS_REPUBLISH_INTERVAL_MS),
  gatewayDomains: domainList.default([...DEFAULT_GATEWAY_DOMAINS]),
  gatewayNoFetch: boolean.default(false),
  gcIntervalMs: z.coerce.number().int().min(0).default(DEFAULT_GC_INTERVAL_MS),
  pinConcurrency: z.coerce.number().int().min(1).default(DEFAULT_PIN_CONCURRENCY),
  pinIdleTimeoutMs: millis.default(DEFAULT_PIN_IDLE_TIMEOUT_MS),
  provideStrategy: z.enum(['all', 'pinned', 'roots']).default(DEFAULT_PROVIDE_STRATEGY),
  reprovideIntervalMs: millis.default(DEFAULT_REPROVIDE_INTERVAL_MS),
  announce: multiaddrList.default([...DEFAULT_ANNOUNCE]),
  maxConnections: z.coerce.number().int().min(1).default(DEFAULT_MAX_CONNECTIONS),
  searchEnabled: boolean.optional(),
  searchIndexDepth: z.coerce.number().int().min(0).max(64).default(DEFAULT_SEARCH_INDEX_DEPTH),
  searchMaxTerms: z.coerce.number().int().min(0).default(DEFAULT_SEARCH_MAX_TERMS),
  searchRelayRate: z.coerce.number().int().min(1).default(DEFAULT_SEARCH_RELAY_RATE),
  peerGateways: boolean.default(true)
})

export const CONFIG_HELP = ALL_SETTINGS
  .map(({ env, flag }) => `  --${flag.padEnd(20)} ${env}`)
  .join('\n')

/**
 * Parse configuration from environment variables and CLI flags; a flag wins
 * over its variable. Throws ConfigError naming every bad setting.
 */
export function parseConfig (env: Record<string, string | undefined>, argv: string[] = []): Config {
  let flags: Record<string, string | boolean | undefined>
  try {
    flags = parseArgs({
      args: argv,
      strict: true,
      options: Object.fromEntries(ALL_SETTINGS.map(({ flag }) => [flag, { type: 'string' }]))
    }).values
  } catch (err) {
    throw new ConfigError((err as Error).message)
  }

  const raw: Record<string, unknown> = {}
  for (const [key, { env: name, flag }] of Object.entries(SETTINGS)) {
    const value = flags[flag] ?? env[name]
    if (value !== undefined) {
      raw[key] = value
    }
  }
  const fileProblems: string[] = []
  for (const [key, { env: name, flag }] of Object.entries(SECRET_FILES)) {
    const path = flags[flag] ?? env[name]
    if (typeof path !== 'string') {
      continue
    }
    const direct = SETTINGS[key as keyof typeof SECRET_FILES]
    if (raw[key] !== undefined) {
      fileProblems.push(`${name} (--${flag}): set either it or ${direct.env}, not both`)
      continue
    }
    try {
      raw[key] = readFileSync(path, 'utf8').trim()
    } catch (err) {
      fileProblems.push(`${name} (--${flag}): cannot read "${path}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
      continue
    }
    try {
      assertPrivateFile(path)
    } catch (err) {
      fileProblems.push(`${name} (--${flag}): ${(err as Error).message}`)
    }
  }

  const parsed = schema.safeParse(raw)
  if (!parsed.success || fileProblems.length > 0) {
    const problems = [...fileProblems, ...(parsed.error?.issues ?? []).map(issue => {
      const key = String(issue.path[0]) as keyof Config
      const setting = SETTINGS[key]
      return `${setting.env} (--${setting.flag}): ${issue.message}`
    })]
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`)
  }

  const config = parsed.data
  return {
    ...config,
    // search is for a swarm one knows; on the public network it is asked for
    searchEnabled: config.searchEnabled ?? config.network === 'private',
    dataDir: isAbsolute(config.dataDir) ? config.dataDir : resolve(config.dataDir)
  }
}
