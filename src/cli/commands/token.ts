import { Command, Option } from 'commander'
import { z } from 'zod'
import { SCOPES } from '../../auth/scopes.ts'
import { connect, withApiOptions } from '../api-options.ts'
import { emit } from '../output.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'

const token = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  paths: z.array(z.string()).optional(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  builtin: z.boolean().optional()
})

/** `cairn token create|ls|rm`: scoped API tokens (`/api/v1/tokens`, admin scope). */
export function tokenCommand (ctx: CliContext): Command {
  const command = new Command('token').description('scoped API tokens for people, CI jobs and pinning clients')

  command.addCommand(withApiOptions(new Command('create'))
    .description('create a token; its secret is printed once and never stored')
    .argument('<name>', 'a name for the token, shown in access logs')
    .addOption(new Option('--scope <scope...>', 'what it may do').choices([...SCOPES]).makeOptionMandatory())
    .option('--path <prefix...>', 'API path prefixes it may call (as Kubo\'s AllowedPaths)')
    .option('--expires-in-ms <ms>', 'it stops working after this many milliseconds')
    .action(async (name: string, flags: ApiFlags & { scope: string[], path?: string[], expiresInMs?: string }) => {
      const client = await connect(flags, ctx)
      const expiresInMs = flags.expiresInMs == null ? undefined : Number(flags.expiresInMs)
      const created = await client.postJson('/api/v1/tokens', token.extend({ secret: z.string() }), { name, scopes: flags.scope, paths: flags.path, expiresInMs })
      emit(ctx, flags.json, created, () => [`created token "${created.name}" (${created.id}): ${created.scopes.join(', ')}`, created.secret])
    }))

  command.addCommand(withApiOptions(new Command('ls'))
    .description('list tokens (never their secrets)')
    .action(async (flags: ApiFlags) => {
      const client = await connect(flags, ctx)
      const { tokens } = await client.getJson('/api/v1/tokens', z.object({ tokens: z.array(token) }))
      emit(ctx, flags.json, { tokens }, () => tokens.map(t => `${t.id} ${t.name} ${t.scopes.join(',')}${t.expiresAt == null ? '' : ` until ${t.expiresAt}`}`))
    }))

  command.addCommand(withApiOptions(new Command('rm'))
    .description('revoke tokens, at once')
    .argument('<ids...>', 'ids of the tokens')
    .action(async (ids: string[], flags: ApiFlags) => {
      const client = await connect(flags, ctx)
      for (const id of ids) {
        await client.delete(`/api/v1/tokens/${encodeURIComponent(id)}`)
      }
      emit(ctx, flags.json, { revoked: ids }, () => ids.map(id => `revoked ${id}`))
    }))

  return command
}
