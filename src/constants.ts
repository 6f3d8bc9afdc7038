/**
 * Defaults, each named with its unit. Applied with `??` where they are used,
 * so the value a reader sees here is the value the service runs with.
 */

/** @default '127.0.0.1' */
export const DEFAULT_HTTP_HOST = '127.0.0.1'

/** @default 8080 */
export const DEFAULT_HTTP_PORT = 8080

/** The API listener, apart from the gateway's origin (Kubo's `Addresses.API`). @default '127.0.0.1' */
export const DEFAULT_API_HOST = '127.0.0.1'

/** Kubo's RPC port. @default 5001 */
export const DEFAULT_API_PORT = 5001

/**
 * A request's headers must all arrive within this long (against slowloris).
 *
 * @default 60_000
 */
export const HEADERS_TIMEOUT_MS = 60_000

/**
 * An API request body that sends no byte for this long is ended; an upload
 * that keeps sending has no total limit.
 *
 * @default 300_000
 */
export const DEFAULT_API_IDLE_TIMEOUT_MS = 300_000

/**
 * The most a gateway request may take, streaming included (Kubo's
 * `Gateway.MaxRequestDuration`).
 *
 * @default 3_600_000
 */
export const DEFAULT_GATEWAY_MAX_REQUEST_MS = 60 * 60 * 1000

/**
 * Gateway requests in flight at once; beyond them the gateway answers 429
 * (Kubo's `Gateway.MaxConcurrentRequests`).
 *
 * @default 1024
 */
export const DEFAULT_GATEWAY_MAX_CONCURRENT = 1024

/**
 * A gateway retrieval that receives no new block for this long ends (Kubo's
 * `Gateway.RetrievalTimeout`).
 *
 * @default 30_000
 */
export const DEFAULT_GATEWAY_RETRIEVAL_TIMEOUT_MS = 30_000

/** `Retry-After` on a 429 from the gateway's concurrency bound. @default 5 */
export const GATEWAY_BUSY_RETRY_AFTER_SECONDS = 5

/**
 * Percent of `CAIRN_STORAGE_MAX` above which GC of unpinned blocks runs by
 * itself (Kubo's `Datastore.StorageGCWatermark`).
 *
 * @default 90
 */
export const DEFAULT_GC_WATERMARK_PERCENT = 90

/** Largest JSON request body the API reads. @default 1_048_576 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024

/** Bound on one multipart part's headers (count of header lines). @default 32 */
export const MAX_MULTIPART_HEADER_PAIRS = 32

/** Most non-file fields in one multipart body, and the largest one. @default 1000 */
export const MAX_MULTIPART_FIELDS = 1000

/** @default 65_536 */
export const MAX_MULTIPART_FIELD_BYTES = 65_536

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

/**
 * How often the republisher re-signs the names whose keys this node holds and
 * re-puts the names it keeps for others. Kubo's `Ipns.RepublishPeriod`: well
 * inside both the default 48 h record lifetime and the 48 h for which DHT
 * servers hold a record they were given.
 *
 * @default 14_400_000 (4 h)
 */
export const DEFAULT_IPNS_REPUBLISH_INTERVAL_MS = 4 * 60 * 60 * 1000

/**
 * Domains served as subdomain gateways (`<cid>.ipfs.<domain>`,
 * `<name>.ipns.<domain>`); none unless configured.
 *
 * @default []
 */
export const DEFAULT_GATEWAY_DOMAINS: readonly string[] = []

/**
 * Always a subdomain gateway domain, besides the configured ones, as in Kubo:
 * browsers resolve `*.localhost` to loopback, so local sites get an origin
 * each. `127.0.0.1` stays a path gateway.
 */
export const LOCALHOST_GATEWAY_DOMAIN = 'localhost'

/**
 * `Retry-After` sent with a gateway 504: content nobody delivered in time may
 * well arrive on a later try, once providers are found.
 *
 * @default 60
 */
export const GATEWAY_RETRY_AFTER_SECONDS = 60

/** Largest `_redirects` file the gateway evaluates, as the web redirects spec requires. @default 65_536 */
export const MAX_REDIRECTS_FILE_BYTES = 65_536

/**
 * Most byte ranges served from one `Range` header; beyond this the header is
 * ignored and the whole file sent, as RFC 9110 allows.
 *
 * @default 32
 */
export const MAX_BYTE_RANGES = 32

/**
 * A directory listing looks up exact sizes and types of at most this many
 * entries, and only from local blocks: the listing never waits on the network
 * for its children. Larger directories show the DAG sizes of their links.
 *
 * @default 1_000
 */
export const LISTING_DETAIL_LIMIT = 1_000

/**
 * Pin requests of the Pinning Service API fetched at once; the others wait
 * `queued`.
 *
 * @default 4
 */
export const DEFAULT_PIN_CONCURRENCY = 4

/**
 * A pin request that receives no block for this long ends `failed`; every
 * block restarts the clock, so a large DAG that keeps arriving is never cut off.
 *
 * @default 120_000 (2 min)
 */
export const DEFAULT_PIN_IDLE_TIMEOUT_MS = 120_000

/**
 * What is announced to the routing: the roots of adds, imports and pins. Kubo
 * defaults to `all` (every block); a DHT provide per 256 KiB block makes a
 * large add cost thousands of DHT queries, and peers fetching a DAG find its
 * holders by the root (bitswap sessions then ask them for the rest).
 *
 * @default 'roots'
 */
export const DEFAULT_PROVIDE_STRATEGY = 'roots'

/**
 * How often the reprovider re-announces everything the strategy covers:
 * Kubo's `Reprovider.Interval`, inside the 48 h for which DHT servers keep a
 * provider record.
 *
 * @default 79_200_000 (22 h)
 */
export const DEFAULT_REPROVIDE_INTERVAL_MS = 22 * 60 * 60 * 1000

/** Provides running at once (each is one DHT query). @default 4 */
export const DEFAULT_PROVIDE_CONCURRENCY = 4

/**
 * CIDs waiting to be provided; new ones beyond this are left to the next
 * reprovide, so a flood of adds cannot grow memory without bound.
 *
 * @default 100_000
 */
export const DEFAULT_PROVIDE_QUEUE_MAX = 100_000

/** When a reprovide finds no connected peer (or fails), how soon it tries again. @default 60_000 */
export const REPROVIDE_RETRY_MS = 60_000

/**
 * Most open libp2p connections; beyond this libp2p closes the least valued
 * ones (peers in CAIRN_PEERS are tagged keep-alive and kept). libp2p's default.
 *
 * @default 300
 */
export const DEFAULT_MAX_CONNECTIONS = 300

/**
 * Most blocks one peer may want from this node at a time (bitswap keeps this
 * many entries of each peer's wantlist). @helia/bitswap's default, made explicit.
 *
 * @default 1024
 */
export const BITSWAP_MAX_WANTS_PER_PEER = 1024

/**
 * Addresses announced to other peers instead of the listen addresses (behind
 * NAT or a port mapping); none unless configured.
 *
 * @default []
 */
export const DEFAULT_ANNOUNCE: readonly string[] = []

/** Delegated Routing V1: how long a list of providers or peers may be cached (the spec's 5 min). @default 300 */
export const ROUTING_V1_MAX_AGE_S = 300

/** Delegated Routing V1: how long an empty answer may be cached (the spec's 15 s). @default 15 */
export const ROUTING_V1_EMPTY_MAX_AGE_S = 15

/**
 * Scheduled garbage collection is off unless asked for, as in Kubo (which
 * needs `--enable-gc`); Kubo's GCPeriod is 1 h.
 *
 * @default 0
 */
export const DEFAULT_GC_INTERVAL_MS = 0

/** Recently read blocks kept in memory (CAIRN_BLOCK_CACHE_BYTES): 32 MiB. */
export const DEFAULT_BLOCK_CACHE_BYTES = 32 * 1024 * 1024

/** libp2p protocol over which Cairn nodes ask each other what they hold. */
export const SEARCH_PROTOCOL = '/cairn/search/1.0.0'

/** Levels below a public pin's root whose file and folder names enter the catalog (CAIRN_SEARCH_INDEX_DEPTH). @default 3 */
export const DEFAULT_SEARCH_INDEX_DEPTH = 3

/** Most entries one pin adds to the catalog, however wide its DAG. @default 10_000 */
export const SEARCH_MAX_ENTRIES_PER_PIN = 10_000

/**
 * Most distinct terms announced to the routing as term records
 * (CAIRN_SEARCH_MAX_TERMS); each is one DHT provide per reprovide interval.
 *
 * @default 1000
 */
export const DEFAULT_SEARCH_MAX_TERMS = 1000

/** Queries a peer may send this node per second; more are dropped unanswered (CAIRN_SEARCH_RELAY_RATE). @default 5 */
export const DEFAULT_SEARCH_RELAY_RATE = 5

/** A peer sending more than this many times the relay rate per second is flooding: each query over it is a strike. @default 4 */
export const SEARCH_FLOOD_FACTOR = 4

/** Hops a query travels when the asker does not say. @default 3 */
export const DEFAULT_SEARCH_HOPS = 3

/** Most hops a query may travel; more is refused (asker) or lowered (relay). @default 6 */
export const MAX_SEARCH_HOPS = 6

/** Results a query asks for when the asker does not say. @default 20 */
export const DEFAULT_SEARCH_LIMIT = 20

/** Most results one query may ask for; also the most hits one stream carries back. @default 100 */
export const MAX_SEARCH_LIMIT = 100

/** How long a query runs when the asker does not say. @default 5000 */
export const DEFAULT_SEARCH_TIMEOUT_MS = 5000

/** Longest a query may run, at the asker and at any relay. @default 30_000 */
export const MAX_SEARCH_TIMEOUT_MS = 30_000

/** Each relay ends its part this much before its upstream's deadline, so late answers still get back. @default 150 */
export const SEARCH_HOP_MARGIN_MS = 150

/** Most terms in one query. @default 8 */
export const MAX_SEARCH_TERMS = 8

/** Longest term, in characters. @default 64 */
export const MAX_SEARCH_TERM_CHARS = 64

/** Largest query message, checked before it is decoded. @default 2048 */
export const MAX_SEARCH_QUERY_BYTES = 2048

/** Largest answer message (a batch of hits), checked before it is decoded. @default 32_768 */
export const MAX_SEARCH_ANSWER_BYTES = 32_768

/** Most hits in one answer message. @default 16 */
export const MAX_SEARCH_HITS_PER_MESSAGE = 16

/** Addresses given with one hit. @default 8 */
export const MAX_SEARCH_HIT_ADDRS = 8

/** Query ids remembered, so a query that comes round again is dropped. @default 10_000 */
export const SEARCH_SEEN_IDS = 10_000

/** How long a query id is remembered: longer than any query runs. @default 60_000 */
export const SEARCH_SEEN_TTL_MS = 60_000

/** Malformed messages or rate violations a peer may commit per minute; one more and it is disconnected. @default 5 */
export const SEARCH_MAX_STRIKES_PER_MINUTE = 5

/** How long a disconnected offender's search streams are refused. @default 600 */
export const SEARCH_BAN_S = 600

/** Search streams one connection may have open each way. @default 16 */
export const SEARCH_MAX_STREAMS_PER_CONNECTION = 16

/** Providers of a term record asked directly, per query. @default 20 */
export const SEARCH_MAX_ROUTING_PEERS = 20

/** Longest pin description kept and indexed, in bytes. @default 1024 */
export const MAX_PIN_DESCRIPTION_BYTES = 1024

/** Most keywords on one pin; each at most MAX_SEARCH_TERM_CHARS characters. @default 32 */
export const MAX_PIN_KEYWORDS = 32

/** libp2p protocol over which a Cairn node tells a peer where its HTTP gateway listens. */
export const GATEWAY_ADDRESS_PROTOCOL = '/cairn/gateway/1.0.0'

/** Most gateway addresses a peer may tell, each at most this many characters. @default 8, 256 */
export const MAX_PEER_GATEWAY_ADDRS = 8
export const MAX_PEER_GATEWAY_ADDR_CHARS = 256

/** How long a peer has to answer `/cairn/gateway/1.0.0`. @default 2000 */
export const PEER_GATEWAY_ASK_MS = 2000

/** How long a peer's gateway addresses are believed before they are asked again. @default 300_000 */
export const PEER_GATEWAY_TTL_MS = 5 * 60 * 1000

/** How long a routing lookup for holders of a DAG with a Cairn gateway may take before bitswap alone carries on. @default 1500 */
export const PEER_GATEWAY_LOOKUP_MS = 1500

/** Holders found through the routing that are asked for their gateway, per DAG. @default 3 */
export const PEER_GATEWAY_MAX_PROVIDERS = 3

/**
 * Largest block accepted from a peer's CAR (bitswap's limit too): a longer
 * section is refused before it is read.
 *
 * @default 2 MiB + 1 KiB (room for the CID)
 */
export const MAX_PEER_CAR_SECTION_BYTES = 2 * 1024 * 1024 + 1024

/**
 * Bytes a peer's CAR may run ahead of what the gateway answer has read,
 * while nothing waits: a HEAD or a range read does not pull a whole file.
 *
 * @default 32 MiB
 */
export const PEER_FETCH_AHEAD_BYTES = 32 * 1024 * 1024

/** DAGs one gateway request fetches from peers' gateways; more missing blocks go to bitswap only. @default 4 */
export const PEER_FETCH_MAX_DAGS_PER_REQUEST = 4
