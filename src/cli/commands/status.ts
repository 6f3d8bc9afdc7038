import { Command } from 'commander'
import { z } from 'zod'
import { connect, withApiOptions } from '../api-options.ts'
import { emit, formatBytes, table } from '../output.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'

const idAnswer = z.object({ ID: z.string(), Addresses: z.array(z.string()).nullable() })
const peersAnswer = z.object({ Peers: z.array(z.object({ Peer: z.string(), Addr: z.string() })).nullable() })
const repoAnswer = z.object({ RepoSize: z.number(), StorageMax: z.number(), NumObjects: z.number() })

/** `cairn status`: who the node is, whom it is connected to, and what it stores. */
export function statusCommand (ctx: CliContext): Command {
  return withApiOptions(new Command('status'))
    .description('the node\'s peer ID, addresses, connected peers and storage')
    .action(async (flags: ApiFlags) => {
      const client = await connect(flags, ctx)
      const [id, peers, repo] = await Promise.all([
        client.rpcJson('id', idAnswer),
        client.rpcJson('swarm/peers', peersAnswer),
        client.rpcJson('repo/stat', repoAnswer)
      ])
      const status = {
        peerId: id.ID,
        addresses: id.Addresses ?? [],
        peers: (peers.Peers ?? []).map(peer => ({ id: peer.Peer, address: peer.Addr })),
        storage: { usedBytes: repo.RepoSize, maxBytes: repo.StorageMax, blocks: repo.NumObjects }
      }
      emit(ctx, flags.json, status, () => table([
        ['peer ID', status.peerId],
        ...status.addresses.map((address, i): [string, string] => [i === 0 ? 'addresses' : '', address]),
        ['peers', String(status.peers.length)],
        ...status.peers.map((peer): [string, string] => ['', `${peer.id} ${peer.address}`]),
        ['storage', `${formatBytes(repo.RepoSize)} used of ${formatBytes(repo.StorageMax)}, ${repo.NumObjects} blocks`]
      ]))
    })
}
