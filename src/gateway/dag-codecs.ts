import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import * as json from 'multiformats/codecs/json'
import * as raw from 'multiformats/codecs/raw'
import { NotAcceptableError } from '../errors.ts'
import { CBOR_CODE } from './resolve.ts'
import type { CID } from 'multiformats/cid'

/** The data formats a block can be served in. */
export type DataFormat = 'dag-json' | 'dag-cbor' | 'json' | 'cbor'

export const MEDIA_TYPE_OF: Record<DataFormat, string> = {
  'dag-json': 'application/vnd.ipld.dag-json',
  'dag-cbor': 'application/vnd.ipld.dag-cbor',
  json: 'application/json',
  cbor: 'application/cbor'
}

/** The format a block already is in, for the data codecs; undefined for UnixFS (dag-pb, raw). */
export function formatOfCodec (code: number): DataFormat | undefined {
  switch (code) {
    case dagJson.code: return 'dag-json'
    case dagCbor.code: return 'dag-cbor'
    case json.code: return 'json'
    case CBOR_CODE: return 'cbor'
    default: return undefined
  }
}

/**
 * The block's bytes in `format`. A block already in that encoding is checked
 * by decoding it and sent as it is; otherwise it is decoded by its own codec
 * (dag-pb as its logical form, raw as bytes, plain CBOR/JSON by the strict DAG
 * decoders) and encoded again. JSON and CBOR are served as DAG-JSON and
 * DAG-CBOR bytes, which every JSON or CBOR reader accepts. A block that the
 * conversion cannot represent is a NotAcceptableError (406).
 */
export function encodeBlockAs (cid: CID, bytes: Uint8Array, format: DataFormat): Uint8Array {
  const target = format === 'dag-json' || format === 'json' ? 'dag-json' : 'dag-cbor'
  try {
    const source = formatOfCodec(cid.code)
    const same = source === target || (source === 'json' && target === 'dag-json') || (source === 'cbor' && target === 'dag-cbor')
    const value = decode(cid.code, bytes)
    if (same) {
      return bytes
    }
    return target === 'dag-json' ? dagJson.encode(value) : dagCbor.encode(value)
  } catch (err) {
    throw new NotAcceptableError(`${cid.toString()} cannot be represented as ${format}: ${(err as Error).message}`)
  }
}

function decode (code: number, bytes: Uint8Array): unknown {
  switch (code) {
    case dagPb.code: return dagPb.decode(bytes)
    case raw.code: return bytes
    case dagJson.code:
    case json.code: return dagJson.decode(bytes)
    case dagCbor.code:
    case CBOR_CODE: return dagCbor.decode(bytes)
    default: throw new Error(`codec 0x${code.toString(16)} is not supported`)
  }
}
