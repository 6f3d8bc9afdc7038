import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { AGENT_VERSION, CAIRN_VERSION } from './version.ts'
import type { CairnHelia } from './node.ts'

export interface NodeIdentity {
  id: string
  /** Base64 of the protobuf-encoded public key, as Kubo prints it. */
  publicKey: string
  /** Addresses peers can dial, each ending in /p2p/<id>. */
  addresses: string[]
  agentVersion: string
  protocols: string[]
}

export function nodeIdentity (helia: CairnHelia): NodeIdentity {
  const { peerId } = helia.libp2p
  return {
    id: peerId.toString(),
    publicKey: peerId.publicKey == null ? '' : Buffer.from(publicKeyToProtobuf(peerId.publicKey)).toString('base64'),
    addresses: helia.libp2p.getMultiaddrs().map(ma => ma.toString()),
    agentVersion: AGENT_VERSION,
    protocols: helia.libp2p.getProtocols().toSorted()
  }
}

export interface VersionInfo {
  version: string
  system: string
  runtime: string
}

export function versionInfo (): VersionInfo {
  return {
    version: CAIRN_VERSION,
    system: `${process.arch}/${process.platform}`,
    runtime: `node/${process.versions.node}`
  }
}
