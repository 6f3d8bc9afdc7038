import { Command, Option } from 'commander'
import { z } from 'zod'
import { connect, withApiOptions } from '../api-options.ts'
import { emit } from '../output.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'

const pinsAnswer = z.object({ Pins: z.array(z.string()).nullable().transform(pins => pins ?? []) })
const lsAnswer = z.object({ Keys: z.record(z.string(), z.object({ Type: z.string(), Name: z.string().optional() })).optional() })

/** `cairn pin add|ls|rm`: Kubo's `pin/*`. */
export function pinCommand (ctx: CliContext): Command {
  const pin = new Command('pin').description('keep content on the node (pins), as ipfs pin')

  pin.addCommand(withApiOptions(new Command('add'))
    .description('pin content and everything it links to, fetching what the node lacks')
    .argument('<paths...>', 'CIDs or /ipfs/ paths')
    .option('--name <name>', 'name of the pin')
    .action(async (paths: string[], flags: ApiFlags & { name?: string }) => {
      const client = await connect(flags, ctx)
      const { Pins } = await client.rpcJson('pin/add', pinsAnswer, { args: paths, query: { name: flags.name } })
      emit(ctx, flags.json, { pinned: Pins }, () => Pins.map(cid => `pinned ${cid} recursively`))
    }))

  pin.addCommand(withApiOptions(new Command('ls'))
    .description('list pins, with their names')
    .argument('[paths...]', 'only these CIDs')
    .addOption(new Option('--type <type>', 'which pins').choices(['all', 'recursive', 'direct', 'indirect']).default('recursive'))
    .option('--name <name>', 'only pins whose name contains this')
    .action(async (paths: string[], flags: ApiFlags & { type: string, name?: string }) => {
      const client = await connect(flags, ctx)
      const { Keys } = await client.rpcJson('pin/ls', lsAnswer, { args: paths, query: { type: flags.type, name: flags.name, names: true } })
      const pins = Object.entries(Keys ?? {}).map(([cid, { Type, Name }]) => ({ cid, type: Type, name: Name ?? '' }))
      emit(ctx, flags.json, { pins }, () => pins.map(p => [p.cid, p.type, p.name].filter(part => part !== '').join(' ')))
    }))

  pin.addCommand(withApiOptions(new Command('rm'))
    .description('remove pins; unpinned blocks go at the next repo gc')
    .argument('<paths...>', 'CIDs or /ipfs/ paths')
    .action(async (paths: string[], flags: ApiFlags) => {
      const client = await connect(flags, ctx)
      const { Pins } = await client.rpcJson('pin/rm', pinsAnswer, { args: paths })
      emit(ctx, flags.json, { unpinned: Pins }, () => Pins.map(cid => `unpinned ${cid}`))
    }))

  return pin
}
