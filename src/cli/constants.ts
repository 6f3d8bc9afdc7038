/** The API `cairn` talks to when neither `--api` nor CAIRN_API_URL says. @default 'http://127.0.0.1:5001' */
export const DEFAULT_API_URL = 'http://127.0.0.1:5001'

/** The gateway printed URLs point at when neither `--gateway` nor CAIRN_GATEWAY_URL says. @default 'http://127.0.0.1:8080' */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8080'

/** How long `publish --wait-reachable` polls the gateway before giving up. @default 120 s */
export const DEFAULT_WAIT_REACHABLE_MS = 120_000

/** One poll of the gateway may take this long before it counts as a failed attempt. @default 15 s */
export const REACHABLE_ATTEMPT_MS = 15_000

/** Bytes read from a file at a time while streaming an upload. @default 256 KiB */
export const UPLOAD_READ_BYTES = 262_144

/** Without a terminal, upload progress is one plain line at most this often. @default 5 s */
export const PROGRESS_LINE_INTERVAL_MS = 5_000

/** A `publish` key is created with this type on first use, as `ipfs key gen` does by default. */
export const PUBLISH_KEY_TYPE = 'ed25519'
