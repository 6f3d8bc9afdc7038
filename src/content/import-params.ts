import { fixedSize, rabin } from 'ipfs-unixfs-importer/chunker'
import { trickle } from 'ipfs-unixfs-importer/layout'
import { hasherByName } from '../blocks/formats.ts'
import { InvalidArgumentError } from '../errors.ts'
import { leanLeaves } from './lean-leaves.ts'
import type { ImportProfile } from '../config.ts'
import type { ImporterOptions } from 'ipfs-unixfs-importer'
import type { MultihashHasher } from 'multiformats/hashes/interface'

/** What an add request may choose; anything left out comes from the import profile. */
export interface ImportParams {
  cidVersion?: 0 | 1
  rawLeaves?: boolean
  /** Kubo's chunker spec: `size-<bytes>`, `rabin`, `rabin-<avg>` or `rabin-<min>-<avg>-<max>`. */
  chunker?: string
  trickle?: boolean
  wrapWithDirectory?: boolean
  /** Kubo's `hash`: any of HASHERS_BY_NAME but identity. @default 'sha2-256' */
  hash?: string
}

/** Kubo refuses chunks over 1 MiB: bigger blocks do not travel over bitswap. */
const MAX_CHUNK_BYTES = 1_048_576

/**
 * Importer options for a profile (IPIP-499) with a request's overrides.
 * `unixfs-v0-2015` is Kubo's `ipfs add` default (CIDv0, 256 KiB chunks, 174
 * links, dag-pb leaves); `unixfs-v1-2025` is CIDv1, raw leaves, 1 MiB chunks,
 * 1024 links. As in Kubo, choosing CIDv1 turns raw leaves on unless the
 * request says otherwise.
 */
export function importerOptions (profile: ImportProfile, params: ImportParams = {}): Partial<ImporterOptions> {
  const otherHash = importHasher(params) != null
  if (otherHash && params.cidVersion === 0) {
    throw new InvalidArgumentError('CIDv0 only supports sha2-256')
  }
  // as Kubo: a hash other than sha2-256 implies CIDv1
  const cidVersion = params.cidVersion ?? (otherHash || profile === 'unixfs-v1-2025' ? 1 : 0)
  const rawLeaves = params.rawLeaves ?? cidVersion === 1
  return {
    profile,
    cidVersion,
    rawLeaves,
    leafType: 'file',
    bufferImporter: leanLeaves({ cidVersion, rawLeaves }),
    reduceSingleLeafToSelf: true,
    wrapWithDirectory: params.wrapWithDirectory ?? false,
    // one file at a time: parts of a multipart body can only be read in order
    fileImportConcurrency: 1,
    ...(params.chunker == null ? {} : { chunker: parseChunker(params.chunker) }),
    // the profile still sets links per node when a chunker is chosen
    ...(params.trickle === true ? { layout: trickle() } : {})
  }
}

/**
 * The hash function an import must end with when it is not sha2-256, which
 * is all ipfs-unixfs-importer computes (see rehash.ts); undefined for sha2-256.
 */
export function importHasher (params: Pick<ImportParams, 'hash'>): MultihashHasher | undefined {
  if (params.hash == null || params.hash === 'sha2-256') {
    return undefined
  }
  if (params.hash === 'identity') {
    throw new InvalidArgumentError('unsupported hash "identity": add needs a cryptographic hash')
  }
  try {
    return hasherByName(params.hash)
  } catch (err) {
    throw new InvalidArgumentError(`unsupported hash "${params.hash}": ${(err as Error).message}`)
  }
}

function parseChunker (spec: string): NonNullable<ImporterOptions['chunker']> {
  const size = /^size-(\d+)$/.exec(spec)
  if (size != null) {
    const chunkSize = Number(size[1])
    if (chunkSize < 1 || chunkSize > MAX_CHUNK_BYTES) {
      throw new InvalidArgumentError(`chunker "${spec}": chunk size must be between 1 and ${MAX_CHUNK_BYTES} bytes`)
    }
    return fixedSize({ chunkSize })
  }
  if (spec === 'rabin') {
    return rabin()
  }
  const avgOnly = /^rabin-(\d+)$/.exec(spec)
  if (avgOnly != null) {
    const avg = Number(avgOnly[1])
    // Kubo derives min and max from the average the same way
    return rabin({ minChunkSize: Math.floor(avg / 3), avgChunkSize: avg, maxChunkSize: avg + Math.floor(avg / 2) })
  }
  const full = /^rabin-(\d+)-(\d+)-(\d+)$/.exec(spec)
  if (full != null) {
    const [min, avg, max] = full.slice(1).map(Number) as [number, number, number]
    if (!(min <= avg && avg <= max) || max > MAX_CHUNK_BYTES) {
      throw new InvalidArgumentError(`chunker "${spec}": expected min <= avg <= max <= ${MAX_CHUNK_BYTES}`)
    }
    return rabin({ minChunkSize: min, avgChunkSize: avg, maxChunkSize: max })
  }
  throw new InvalidArgumentError(`unknown chunker "${spec}": expected size-<bytes>, rabin, rabin-<avg> or rabin-<min>-<avg>-<max>`)
}
