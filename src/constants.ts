/**
 * Defaults, each named with its unit. Applied with `??` where they are used,
 * so the value a reader sees here is the value the service runs with.
 */

/** @default '127.0.0.1' */
export const DEFAULT_HTTP_HOST = '127.0.0.1'

/** @default 8080 */
export const DEFAULT_HTTP_PORT = 8080

/** @default './.cairn' */
export const DEFAULT_DATA_DIR = './.cairn'

/** Kubo's swarm port, on loopback only: listening wider is an explicit choice. */
export const DEFAULT_LISTEN = ['/ip4/127.0.0.1/tcp/4001']

/**
 * How long a read may wait for blocks this node lacks before the request fails.
 * Helia itself never gives up on a missing block.
 *
 * @default 30_000
 */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000

/**
 * Bound on one DHT provide after an add; providing runs in the background.
 *
 * @default 60_000
 */
export const DEFAULT_PROVIDE_TIMEOUT_MS = 60_000

/**
 * How long shutdown waits for in-flight HTTP requests before cutting them.
 *
 * @default 10_000
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000

/** Kubo's default chunker: fixed 256 KiB chunks. */
export const KUBO_CHUNK_SIZE_BYTES = 262_144

/** Kubo's balanced layout puts at most 174 links in one dag-pb node. */
export const KUBO_MAX_CHILDREN_PER_NODE = 174

/** Kad-DHT protocol for the private swarm, as Kubo's LAN DHT names it. */
export const PRIVATE_DHT_PROTOCOL = '/ipfs/lan/kad/1.0.0'

/** File under the data directory that holds a generated API token. */
export const API_TOKEN_FILE = 'api-token'

/** Bytes of entropy in a generated API token. */
export const API_TOKEN_BYTES = 32

/** Version of the Kubo RPC API whose shapes Cairn answers with. */
export const KUBO_COMPAT_VERSION = '0.39.0'

/**
 * Import profile (IPIP-499) used when a request does not say otherwise;
 * `unixfs-v0-2015` is what `ipfs add` does by default.
 *
 * @default 'unixfs-v0-2015'
 */
export const DEFAULT_IMPORT_PROFILE = 'unixfs-v0-2015'

/** @default 64 GiB */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 ** 3

/** Multipart parts (files and directories) in one upload. @default 100_000 */
export const DEFAULT_MAX_PARTS = 100_000

/** Path segments below the upload root. @default 64 */
export const DEFAULT_MAX_PATH_DEPTH = 64

/**
 * Most entries one directory walk (`get`, `ls` of a tree) may visit before it
 * fails: a bound on DAGs that are huge or hostile.
 *
 * @default 1_000_000
 */
export const MAX_WALK_ENTRIES = 1_000_000
