import { Command, Option } from 'commander'
import { connect, withApiOptions } from '../api-options.ts'
import { kuboKey, kuboKeys } from '../names.ts'
import { emit } from '../output.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'

/** `cairn key gen|ls|rm`: Kubo's `key/*`, the keys IPNS names are signed with. */
export function keyCommand (ctx: CliContext): Command {
  const key = new Command('key').description('the keys IPNS names are signed with, as ipfs key')

  key.addCommand(withApiOptions(new Command('gen'))
    .description('create a key; its id is the IPNS name it signs')
    .argument('<name>', 'name of the key')
    .addOption(new Option('--type <type>', 'key type').choices(['ed25519', 'rsa']).default('ed25519'))
    .option('--size <bits>', 'RSA key size')
    .action(async (name: string, flags: ApiFlags & { type: string, size?: string }) => {
      const client = await connect(flags, ctx)
      const created = await client.rpcJson('key/gen', kuboKey, { args: [name], query: { type: flags.type, size: flags.size } })
      emit(ctx, flags.json, { name: created.Name, id: created.Id }, () => created.Id)
    }))

  key.addCommand(withApiOptions(new Command('ls'))
    .description('list the keys: id and name')
    .action(async (flags: ApiFlags) => {
      const client = await connect(flags, ctx)
      const { Keys } = await client.rpcJson('key/list', kuboKeys)
      const keys = Keys.map(k => ({ name: k.Name, id: k.Id }))
      emit(ctx, flags.json, { keys }, () => keys.map(k => `${k.id} ${k.name}`))
    }))

  key.addCommand(withApiOptions(new Command('rm'))
    .description('remove keys (their names are no longer republished)')
    .argument('<names...>', 'names of the keys')
    .action(async (names: string[], flags: ApiFlags) => {
      const client = await connect(flags, ctx)
      const { Keys } = await client.rpcJson('key/rm', kuboKeys, { args: names })
      const removed = Keys.map(k => ({ name: k.Name, id: k.Id }))
      emit(ctx, flags.json, { removed }, () => removed.map(k => `removed ${k.id} ${k.name}`))
    }))

  return key
}
