import type { Config } from '../config.ts'
import type { PeerFetch } from '../retrieval/index.ts'
import type { Helia } from '@helia/interface'
import type { UnixFS } from '@helia/unixfs'

/** The parts of a Cairn node that pin operations use. */
export interface PinNode {
  helia: Pick<Helia, 'pins' | 'blockstore' | 'datastore' | 'getCodec'>
  fs: Pick<UnixFS, 'stat'>
  config: Pick<Config, 'fetchTimeoutMs'>
  /** Whole DAGs from Cairn peers' gateways before bitswap; absent when CAIRN_PEER_GATEWAYS is off. */
  peerFetch?: Pick<PeerFetch, 'session'>
}
