import { Command } from 'commander'
import { z } from 'zod'
import { connect, withApiOptions } from '../api-options.ts'
import { heldNames } from '../names.ts'
import { emit } from '../output.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'

const publishAnswer = z.object({ Name: z.string(), Value: z.string() })
const resolveAnswer = z.object({ Path: z.string() })

interface PublishFlags extends ApiFlags {
  key: string
  lifetime?: string
  ttl?: string
  allowOffline?: boolean
}

/** `cairn name publish|resolve|ls`: IPNS names, through Kubo's `name/*` and Cairn's `/api/v1/names`. */
export function nameCommand (ctx: CliContext): Command {
  const name = new Command('name').description('IPNS names, as ipfs name')

  name.addCommand(withApiOptions(new Command('publish'))
    .description('point a key\'s IPNS name at a path (a new record, with the next sequence number)')
    .argument('<path>', '/ipfs/<cid>[/path], a CID, or /ipns/<name>')
    .option('--key <name>', 'key to sign with', 'self')
    .option('--lifetime <duration>', 'how long the record is valid, e.g. 48h')
    .option('--ttl <duration>', 'how long resolvers may cache it, e.g. 5m')
    .option('--allow-offline', 'succeed when no peer takes the record (it is stored here and republished)')
    .action(async (path: string, flags: PublishFlags) => {
      const client = await connect(flags, ctx)
      const published = await client.rpcJson('name/publish', publishAnswer, {
        args: [path],
        query: { key: flags.key, lifetime: flags.lifetime, ttl: flags.ttl, 'allow-offline': flags.allowOffline }
      })
      emit(ctx, flags.json, { name: published.Name, value: published.Value }, () => `published to ${published.Name}: ${published.Value}`)
    }))

  name.addCommand(withApiOptions(new Command('resolve'))
    .description('what an IPNS name points at (the node\'s own name without an argument)')
    .argument('[name]', 'k51…, 12D3Koo…, or /ipns/<name>')
    .option('--nocache', 'ask the network, not the cache')
    .action(async (target: string | undefined, flags: ApiFlags & { nocache?: boolean }) => {
      const client = await connect(flags, ctx)
      const { Path } = await client.rpcJson('name/resolve', resolveAnswer, {
        args: target == null ? [] : [target],
        query: { nocache: flags.nocache }
      })
      emit(ctx, flags.json, { name: target ?? null, path: Path }, () => Path)
    }))

  name.addCommand(withApiOptions(new Command('ls'))
    .description('the names this node publishes and keeps republishing')
    .action(async (flags: ApiFlags) => {
      const client = await connect(flags, ctx)
      const { names } = await client.getJson('/api/v1/names', heldNames)
      emit(ctx, flags.json, { names }, () => names.map(held =>
        `${held.name} ${held.value} (key "${held.key ?? ''}", sequence ${held.sequence}, valid until ${held.eol}${held.lastError == null ? '' : `, last error: ${held.lastError}`})`))
    }))

  return name
}
