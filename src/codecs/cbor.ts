import { decode as cborDecode, encode as cborEncode } from 'cborg'
import type { BlockCodec } from 'multiformats/codecs/interface'

/**
 * Plain CBOR (multicodec 0x51): data without IPLD links. Helia must decode a
 * block to pin it, so without this codec such blocks (the gateway
 * conformance suite has some) import but cannot be pinned.
 */
export const cbor: BlockCodec<0x51, unknown> = {
  name: 'cbor',
  code: 0x51,
  encode: (data: unknown) => cborEncode(data),
  decode: (bytes: Uint8Array): unknown => cborDecode(bytes) as unknown
}
