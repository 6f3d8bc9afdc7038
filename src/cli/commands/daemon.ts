import { Command } from 'commander'

/**
 * `cairn daemon [flags]`: the service itself, started exactly as `npm start`
 * starts it (the same flags, CAIRN_* variables and `--help`). The service's
 * modules load only here, so the other commands start fast.
 */
export function daemonCommand (): Command {
  return new Command('daemon')
    .description('run the Cairn service, as npm start does (its flags and CAIRN_* variables: cairn daemon --help)')
    .argument('[flags...]', 'the service\'s flags, e.g. --http-port 9000')
    .helpOption(false)
    .allowUnknownOption()
    .passThroughOptions()
    .action(async (flags: string[]) => {
      const { startDaemon } = await import('../../start.ts')
      await startDaemon(flags, 'cairn daemon [flags]')
    })
}
