import { unmarshalIPNSRecord } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { equals } from 'multiformats/bytes'
import { ipnsRoutingKey } from '../keys/key-id.ts'
import { InvalidArgumentError } from '../errors.ts'
import type { NameDigest } from '../keys/key-id.ts'

/** Records larger than this are refused by every IPNS implementation (IPNS spec). */
export const MAX_RECORD_BYTES = 10 * 1024

/** A signed IPNS record whose signature, name and EOL were checked. */
export interface NameRecord {
  /** The record as it travels: the protobuf `IpnsEntry`, byte for byte as signed and received. */
  bytes: Uint8Array
  /** The path it points at: `/ipfs/<cid>[/path]` or `/ipns/<name>[/path]`. */
  value: string
  sequence: bigint
  /** End of validity. */
  eol: Date
  /** How long resolvers may cache it, in ms. */
  ttlMs: number
  /** Whether it also carries the legacy V1 signature. */
  v1Compatible: boolean
}

/**
 * Checks a record for the name `digest` as the IPNS spec says (size,
 * V2 signature by the name's key, V1 fields agreeing with the signed data,
 * EOL not passed) and reads it. The V1 signature itself is not checked: it is
 * obsolete, and Kubo and the conformance suite accept a record whose V1
 * signature is broken. Throws InvalidArgumentError saying why.
 */
export async function verifyRecord (digest: NameDigest, bytes: Uint8Array): Promise<NameRecord> {
  if (bytes.byteLength > MAX_RECORD_BYTES) {
    throw new InvalidArgumentError(`invalid IPNS record: ${bytes.byteLength} bytes, more than the ${MAX_RECORD_BYTES} allowed`)
  }
  try {
    await ipnsValidator(ipnsRoutingKey(digest), bytes)
    return readRecord(bytes)
  } catch (err) {
    throw new InvalidArgumentError(`invalid IPNS record: ${describeInvalid(err as Error)}`)
  }
}

/** A record already verified once (read back from a store): its fields, nothing checked. */
export function readRecord (bytes: Uint8Array): NameRecord {
  const record = unmarshalIPNSRecord(bytes)
  return {
    bytes,
    value: record.value,
    sequence: record.sequence,
    eol: new Date(record.validity),
    ttlMs: Number((record.ttl ?? 0n) / 1_000_000n),
    v1Compatible: 'signatureV1' in record
  }
}

/** The record read back from a store if it is still valid for `digest`; undefined otherwise. */
export async function stillValid (digest: NameDigest, bytes: Uint8Array | undefined): Promise<NameRecord | undefined> {
  if (bytes == null) {
    return undefined
  }
  try {
    return await verifyRecord(digest, bytes)
  } catch {
    return undefined
  }
}

/**
 * Orders two records of one name as the IPNS spec's selector does: the higher
 * sequence wins, then the later EOL. Positive when `a` is newer, 0 when
 * neither is.
 */
export function compareRecords (a: NameRecord, b: NameRecord): number {
  if (a.sequence !== b.sequence) {
    return a.sequence > b.sequence ? 1 : -1
  }
  return Math.sign(a.eol.getTime() - b.eol.getTime())
}

/** The newest of some records, or undefined if there are none. */
export function newest (records: Array<NameRecord | undefined>): NameRecord | undefined {
  let best: NameRecord | undefined
  for (const record of records) {
    if (record != null && (best == null || compareRecords(record, best) > 0)) {
      best = record
    }
  }
  return best
}

export function sameRecord (a: NameRecord | undefined, b: NameRecord | undefined): boolean {
  return a != null && b != null && equals(a.bytes, b.bytes)
}

function describeInvalid (err: Error): string {
  switch (err.name) {
    case 'RecordExpiredError':
      return 'its EOL has passed'
    case 'SignatureVerificationError':
      return `its signature does not verify (${err.message})`
    case 'InvalidEmbeddedPublicKeyError':
      return `it is not signed by this name's key (${err.message})`
    default:
      return err.message
  }
}
