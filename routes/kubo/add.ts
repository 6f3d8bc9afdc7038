import { Hono } from 'hono'
import { z } from 'zod'
import { announce } from '../../src/content/announce.ts'
import { importEntries } from '../../src/content/import.ts'
import { InvalidArgumentError } from '../../src/errors.ts'
import { multipartFiles } from '../multipart.ts'
import { addEntries } from './add-entries.ts'
import { ndjson } from './ndjson.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { ImportEvent } from '../../src/content/import.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { CID } from 'multiformats/cid'

const query = z.object({
  'cid-version': z.enum(['0', '1']).transform(v => Number(v) as 0 | 1).optional(),
  'raw-leaves': kuboBool.optional(),
  chunker: z.string().optional(),
  trickle: kuboBool.optional(),
  'wrap-with-directory': kuboBool.optional(),
  w: kuboBool.optional(),
  pin: kuboBool.optional(),
  'pin-name': z.string().optional(),
  'only-hash': kuboBool.optional(),
  n: kuboBool.optional(),
  progress: kuboBool.optional(),
  hash: z.string().optional(),
  quiet: kuboBool.optional(),
  quieter: kuboBool.optional(),
  silent: kuboBool.optional()
})

/**
 * `POST /api/v0/add`: files and directories from a streamed multipart body.
 * With `progress` the answer streams (`{Name,Bytes}` lines as bytes are
 * read); otherwise it is sent once the import has succeeded, so a bad part
 * anywhere in the upload still gets its 4xx.
 */
export function addRoute ({ node }: RouteDeps) {
  return new Hono<AppEnv>().post('/', kuboQuery(query), async (c) => {
    const q = c.req.valid('query')
    const onlyHash = q['only-hash'] ?? q.n ?? false
    const { config } = node
    const parts = multipartFiles(c)
    const events = importEntries(node, addEntries(parts, config), {
      cidVersion: q['cid-version'],
      rawLeaves: q['raw-leaves'],
      chunker: q.chunker,
      trickle: q.trickle,
      wrapWithDirectory: q['wrap-with-directory'] ?? q.w,
      hash: q.hash,
      pin: q.pin,
      pinName: q['pin-name'],
      onlyHash,
      progress: q.progress,
      maxBytes: config.maxUploadBytes,
      signal: commandSignal(c)
    })

    // top-level entries only: a provide per nested file would flood the DHT
    const added: CID[] = []
    const lines = outputLines(events, {
      quieter: q.quieter === true,
      silent: q.silent === true,
      onEntry: (name, cid) => { if (!onlyHash && !name.includes('/')) added.push(cid) },
      // once the add has ended: its blocks are written behind the importer, and on disk only by then
      onDone: () => { for (const cid of added) announce(node, cid) }
    })
    if (q.progress === true) {
      return ndjson(c, lines)
    }
    const all = await Array.fromAsync(lines)
    if (all.length === 0 && q.silent !== true) {
      throw new InvalidArgumentError('the request has no file part')
    }
    return c.body(all.map(line => JSON.stringify(line) + '\n').join(''), 200, {
      'Content-Type': 'application/json',
      'X-Chunked-Output': '1'
    })
  })
}

interface OutputOptions {
  quieter: boolean
  silent: boolean
  onEntry(name: string, cid: CID): void
  /** Called once every event has come, the import having succeeded. */
  onDone(): void
}

/** Kubo's add events: `{Name,Bytes}` progress, `{Name,Hash,Size}` per entry; `quieter` keeps the root only. */
async function * outputLines (events: AsyncIterable<ImportEvent>, options: OutputOptions): AsyncGenerator<Record<string, string | number>> {
  let last: Record<string, string> | undefined
  for await (const event of events) {
    if (event.type === 'progress') {
      if (!options.silent) {
        yield { Name: event.name, Bytes: event.bytes }
      }
      continue
    }
    options.onEntry(event.name, event.cid)
    const line = { Name: event.name, Hash: event.cid.toString(), Size: event.size.toString() }
    if (options.quieter || options.silent) {
      last = line
    } else {
      yield line
    }
  }
  options.onDone()
  if (options.quieter && !options.silent && last != null) {
    yield last
  }
}
