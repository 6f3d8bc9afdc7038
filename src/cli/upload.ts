import { z } from 'zod'
import { multipartBody } from './multipart.ts'
import { uploadProgress } from './progress.ts'
import type { CairnClient, QueryValue } from './client.ts'
import type { CliContext } from './context.ts'
import type { UploadEntry } from './folder.ts'
import type { StreamEntry } from './multipart.ts'
import type { UploadTotals } from './progress.ts'

export interface Added {
  name: string
  cid: string
  size: number
}

export interface Uploaded {
  /** What the API added, in its order: files and folders, the top-level ones last. */
  added: Added[]
  bytes: number
  files: number
  ms: number
}

const addLine = z.object({ Name: z.string(), Hash: z.string(), Size: z.string().regex(/^\d+$/).optional() })

/**
 * Streams entries to `add` with Kubo's flags in `query`, showing progress
 * against `totals` (none for standard input);
 * the answer comes once the API has imported (and pinned) everything.
 */
export async function upload (client: CairnClient, ctx: CliContext, entries: Iterable<UploadEntry | StreamEntry>, totals: UploadTotals | null, query: Record<string, QueryValue>): Promise<Uploaded> {
  const progress = uploadProgress(ctx, totals)
  const body = multipartBody(entries, { onBytes: count => { progress.bytes(count) }, onFile: () => { progress.file() } })
  const added: Added[] = []
  let figures: ReturnType<typeof progress.stop>
  try {
    for await (const line of client.rpcLines('add', addLine, { query, body })) {
      added.push({ name: line.Name, cid: line.Hash, size: Number(line.Size ?? 0) })
    }
  } finally {
    figures = progress.stop()
  }
  return { added, ...figures }
}
