/**
 * @packageDocumentation
 *
 * `cairn`, the command line: one file per command in `commands/`, all of
 * them (but `daemon`, which runs the service itself) talking to a Cairn
 * through its HTTP API with `client.ts`, the one client module.
 *
 * @example
 *
 * ```sh
 * cairn publish ./dist --name my-site --wait-reachable --json
 * cairn pin ls --api https://cairn.example.org --token "$CAIRN_API_TOKEN"
 * cairn daemon --http-port 9000
 * ```
 */
import { Command, CommanderError } from 'commander'
import { CAIRN_VERSION } from '../version.ts'
import { addCommand } from './commands/add.ts'
import { catCommand } from './commands/cat.ts'
import { daemonCommand } from './commands/daemon.ts'
import { keyCommand } from './commands/key.ts'
import { nameCommand } from './commands/name.ts'
import { pinCommand } from './commands/pin.ts'
import { publishCommand } from './commands/publish.ts'
import { statusCommand } from './commands/status.ts'
import { tokenCommand } from './commands/token.ts'
import { CliError } from './errors.ts'
import type { CliContext } from './context.ts'

/** Exit code of a run stopped by Ctrl-C or SIGTERM, as shells report a SIGINT. */
const INTERRUPTED_EXIT_CODE = 130

/** Exit code of a command line commander could not parse. */
const USAGE_EXIT_CODE = 2

/** `cairn <command> …`: runs one command and returns the process's exit code. */
export async function run (argv: string[], env: CliContext['env'] = process.env): Promise<number> {
  const controller = new AbortController()
  const ctx: CliContext = { env, signal: controller.signal, stdout: process.stdout, stderr: process.stderr }
  const program = new Command('cairn')
    .description('Publish and manage content on a Cairn node through its HTTP API, or run one (cairn daemon).')
    .version(CAIRN_VERSION)
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
  for (const command of [
    daemonCommand(),
    publishCommand(ctx),
    addCommand(ctx),
    catCommand(ctx),
    pinCommand(ctx),
    nameCommand(ctx),
    keyCommand(ctx),
    statusCommand(ctx),
    tokenCommand(ctx)
  ]) {
    program.addCommand(command)
  }
  exitOverrideAll(program)
  program.hook('preAction', (_program, command) => {
    if (command.name() !== 'daemon') {
      stopOnSignals(controller)
    }
  })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed the help or the problem already
      return err.exitCode === 0 ? 0 : USAGE_EXIT_CODE
    }
    return report(err, ctx, argv.includes('--json'), controller.signal)
  }
}

/** Commander exits the process on a parse error; every (sub)command throws instead, so run() returns the code. */
function exitOverrideAll (command: Command): void {
  command.exitOverride()
  for (const sub of command.commands) {
    exitOverrideAll(sub)
  }
}

function report (err: unknown, ctx: CliContext, json: boolean, signal: AbortSignal): number {
  const known = err instanceof CliError
  const name = known ? err.name : 'Error'
  const message = known ? err.message : signal.aborted ? 'interrupted' : ((err as Error).stack ?? String(err))
  if (json) {
    ctx.stdout.write(JSON.stringify({ error: { name, message } }) + '\n')
  }
  ctx.stderr.write(`cairn: ${message}\n`)
  if (signal.aborted) {
    return INTERRUPTED_EXIT_CODE
  }
  return known ? err.exitCode : 1
}

/** The first Ctrl-C aborts what runs (requests, waits); a second one exits at once. */
function stopOnSignals (controller: AbortController): void {
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      process.exit(INTERRUPTED_EXIT_CODE)
    }
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
