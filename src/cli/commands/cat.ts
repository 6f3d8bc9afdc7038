import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Command, InvalidArgumentError } from 'commander'
import { connect, withApiOptions } from '../api-options.ts'
import { ApiError } from '../errors.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

interface CatFlags extends ApiFlags {
  offset?: number
  length?: number
}

/** `cairn cat <path>`: a file's bytes to standard output, streamed. */
export function catCommand (ctx: CliContext): Command {
  return withApiOptions(new Command('cat'), { json: false })
    .description('print a file\'s bytes, as ipfs cat')
    .argument('<path>', 'a CID, or /ipfs/<cid>/path')
    .option('--offset <bytes>', 'start at this byte', count)
    .option('--length <bytes>', 'at most this many bytes', count)
    .action(async (path: string, flags: CatFlags) => {
      const client = await connect(flags, ctx)
      const response = await client.rpc('cat', { args: [path], query: { offset: flags.offset, length: flags.length } })
      if (response.body == null) {
        return
      }
      try {
        await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>, { signal: ctx.signal }), ctx.stdout)
      } catch (err) {
        // a reader that stopped early (`cairn cat … | head`) is not a failure
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') {
          return
        }
        ctx.signal.throwIfAborted()
        throw new ApiError(`cat failed while streaming: ${(err as Error).message}`, 502)
      }
    })
}

function count (value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError('expected a number of bytes')
  }
  return Number(value)
}
