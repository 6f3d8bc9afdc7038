import { unmarshalIPNSRecord } from 'ipns'
import { formatKeyId, parseKeyId } from '../keys/key-id.ts'
import { InvalidArgumentError } from '../errors.ts'
import { verifyRecord } from './record.ts'

export interface InspectedRecord {
  value: string
  /** 0: valid until `validity` (the only type IPNS defines). */
  validityType: number
  /** End of validity as the record states it (RFC 3339). */
  validity: string
  sequence: bigint
  ttlNs?: bigint
  /** `V1+V2` when the record still carries the legacy fields, `V2` otherwise. */
  signatureType: 'V1+V2' | 'V2'
  /** Set when asked to check the record against a name. */
  validation?: { valid: boolean, reason: string, name: string }
}

/**
 * Kubo's `name inspect`: the fields of a signed IPNS record, read as they
 * are; with `verify`, whether the record is valid for that name (signature
 * by its key, fields agreeing, EOL not passed) and why not.
 */
export async function inspectRecord (bytes: Uint8Array, options: { verify?: string } = {}): Promise<InspectedRecord> {
  let record
  try {
    record = unmarshalIPNSRecord(bytes)
  } catch (err) {
    throw new InvalidArgumentError(`invalid IPNS record: ${(err as Error).message}`)
  }
  const inspected: InspectedRecord = {
    value: record.value,
    validityType: 0,
    validity: record.validity,
    sequence: record.sequence,
    ttlNs: record.ttl,
    signatureType: 'signatureV1' in record ? 'V1+V2' : 'V2'
  }
  if (options.verify != null) {
    const digest = parseKeyId(options.verify)
    const validation = { valid: true, reason: '', name: formatKeyId(digest) }
    try {
      await verifyRecord(digest, bytes)
    } catch (err) {
      validation.valid = false
      validation.reason = (err as Error).message
    }
    inspected.validation = validation
  }
  return inspected
}

/** Bytes as Go's `hex.Dump` writes them (as `hexdump -C`): Kubo's `name inspect` answers with it. */
export function hexDump (bytes: Uint8Array): string {
  let out = ''
  for (let offset = 0; offset < bytes.byteLength; offset += 16) {
    const line = bytes.subarray(offset, offset + 16)
    let hex = ''
    for (let i = 0; i < 16; i++) {
      const byte = line[i]
      hex += byte == null ? '   ' : `${byte.toString(16).padStart(2, '0')} `
      if (i === 7) {
        hex += ' '
      }
    }
    const text = [...line].map(byte => byte >= 32 && byte <= 126 ? String.fromCharCode(byte) : '.').join('')
    out += `${offset.toString(16).padStart(8, '0')}  ${hex} |${text}|\n`
  }
  return out
}
