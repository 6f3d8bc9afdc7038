import { dagCodecByName, encodeWith } from './codecs.ts'
import { resolveDagPath } from './resolve.ts'
import type { GetBlockOptions } from '../blocks/get.ts'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/**
 * Kubo's `dag get`: the node (or the value inside it) that `path` names
 * under `root`, encoded with the output codec.
 *
 * @param outputCodec - @default 'dag-json'
 */
export async function dagGet (helia: Pick<Helia, 'blockstore'>, root: CID, path: string, outputCodec: string | undefined, options: GetBlockOptions): Promise<Uint8Array> {
  const codec = dagCodecByName(outputCodec ?? 'dag-json')
  const { value } = await resolveDagPath(helia, root, path, options)
  return encodeWith(codec, value)
}
