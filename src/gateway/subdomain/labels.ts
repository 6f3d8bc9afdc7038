import { base32 } from 'multiformats/bases/base32'
import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidArgumentError } from '../../errors.ts'

/** RFC 1034: a DNS label has at most 63 characters. */
export const DNS_LABEL_MAX_LENGTH = 63

/** Multicodec of a CID that names a public key (an IPNS name). */
const LIBP2P_KEY_CODEC = 0x72

/**
 * The label a CID takes on a subdomain gateway: CIDv1 in base32 (browsers
 * lower-case host names, so case-sensitive bases cannot work), or base36
 * when base32 is too long for a DNS label. Too long in both: the spec's 400.
 */
export function ipfsLabel (cid: CID): string {
  return dnsSafe(cid.toV1(), [base32, base36])
}

/** The label an IPNS key takes: a CIDv1 with the libp2p-key codec in base36, `k51…`. */
export function ipnsKeyLabel (key: CID): string {
  return dnsSafe(CID.createV1(LIBP2P_KEY_CODEC, key.multihash), [base36])
}

/**
 * An IPNS name given as a key in any form (`k51…`, `12D3Koo…`, `Qm…`, or a
 * CID of another codec, which the spec redirects to libp2p-key), as a
 * libp2p-key CID. Undefined when the name is not a key (a DNSLink name).
 */
export function parseIpnsKey (name: string): CID | undefined {
  try {
    if (name.startsWith('1') || name.startsWith('Q')) {
      return CID.createV1(LIBP2P_KEY_CODEC, Digest.decode(base58btc.baseDecode(name)))
    }
    return CID.parse(name, name.startsWith('k') ? base36 : undefined)
  } catch {
    return undefined
  }
}

/** A CID as text, or undefined when the text is not one. */
export function parseCid (text: string): CID | undefined {
  try {
    return CID.parse(text, text.startsWith('k') ? base36 : undefined)
  } catch {
    return undefined
  }
}

/**
 * DNSLink names in one label, so a single-level wildcard TLS certificate
 * covers them: `-` becomes `--`, then `.` becomes `-`
 * (`en.wikipedia-on-ipfs.org` → `en-wikipedia--on--ipfs-org`).
 */
export function inlineDnsLink (fqdn: string): string {
  return fqdn.replaceAll('-', '--').replaceAll('.', '-')
}

/** The inverse of `inlineDnsLink`. */
export function unInlineDnsLink (label: string): string {
  return label.split('--').map(part => part.replaceAll('-', '.')).join('-')
}

function dnsSafe (cid: CID, encodings: Array<typeof base32 | typeof base36>): string {
  for (const encoding of encodings) {
    const label = cid.toString(encoding)
    if (label.length <= DNS_LABEL_MAX_LENGTH) {
      return label
    }
  }
  throw new InvalidArgumentError(`CID incompatible with DNS label length limit of ${DNS_LABEL_MAX_LENGTH}: ${cid.toString()}`)
}
