import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import * as dagJose from 'dag-jose'
import { CID } from 'multiformats/cid'
import * as json from 'multiformats/codecs/json'
import * as raw from 'multiformats/codecs/raw'
import { InvalidArgumentError, UnsupportedContentError } from '../errors.ts'

/** A codec `dag put` can read and write and `dag get` can answer in, by Kubo's names. */
export interface DagCodec {
  name: string
  code: number
  decode(bytes: Uint8Array): unknown
  encode(value: unknown): Uint8Array
}

const CODECS: DagCodec[] = [
  { name: 'dag-json', code: dagJson.code, decode: dagJson.decode, encode: dagJson.encode },
  { name: 'dag-cbor', code: dagCbor.code, decode: dagCbor.decode, encode: dagCbor.encode },
  { name: 'dag-pb', code: dagPb.code, decode: dagPb.decode, encode: value => dagPb.encode(value as dagPb.PBNode) },
  { name: 'json', code: json.code, decode: json.decode, encode: encodePlainJson },
  // JOSE objects (signed JWS, encrypted JWE) as IPLD, a dag-cbor encoding with a checked shape
  { name: 'dag-jose', code: dagJose.code, decode: dagJose.decode, encode: value => dagJose.encode(value as dagJose.DagJWS | dagJose.DagJWE) },
  { name: 'raw', code: raw.code, decode: raw.decode, encode: encodeRaw }
]

export function dagCodecByName (name: string): DagCodec {
  const codec = CODECS.find(c => c.name === name)
  if (codec == null) {
    throw new InvalidArgumentError(`unsupported codec "${name}" (supported: ${CODECS.map(c => c.name).join(', ')})`)
  }
  return codec
}

export function dagCodecByCode (code: number, what: string): DagCodec {
  const codec = CODECS.find(c => c.code === code)
  if (codec == null) {
    throw new UnsupportedContentError(`${what} has codec 0x${code.toString(16)}, which Cairn cannot decode`)
  }
  return codec
}

/** Decodes a block or an upload, a decoding failure being the sender's fault. */
export function decodeWith (codec: DagCodec, bytes: Uint8Array, what: string): unknown {
  try {
    return codec.decode(bytes)
  } catch (err) {
    throw new InvalidArgumentError(`${what} is not valid ${codec.name}: ${(err as Error).message}`)
  }
}

/** Encodes a node, a value the codec cannot hold (bytes as json, a map as raw) being a 400. */
export function encodeWith (codec: DagCodec, value: unknown): Uint8Array {
  try {
    return codec.encode(value)
  } catch (err) {
    throw new InvalidArgumentError(`cannot encode the node as ${codec.name}: ${(err as Error).message}`)
  }
}

function encodeRaw (value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new Error('only bytes can be encoded as raw')
  }
  return value
}

/** Plain JSON has no bytes and no links: refuse them rather than write something else. */
function encodePlainJson (value: unknown): Uint8Array {
  if (hasBytesOrLinks(value)) {
    throw new Error('the node holds bytes or links, which plain JSON cannot represent')
  }
  return json.encode(value)
}

function hasBytesOrLinks (value: unknown): boolean {
  if (value instanceof Uint8Array || CID.asCID(value) != null) {
    return true
  }
  if (value == null || typeof value !== 'object') {
    return false
  }
  return Object.values(value).some(hasBytesOrLinks)
}
