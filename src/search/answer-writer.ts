import { MAX_SEARCH_ANSWER_BYTES, MAX_SEARCH_HITS_PER_MESSAGE } from '../constants.ts'
import { encode } from './messages.ts'
import type { Hit } from './messages.ts'
import type { LengthPrefixedStream } from '@libp2p/utils'

/** What `{"type":"hits","hits":[]}` adds around the hits. */
const ENVELOPE_BYTES = 32

/** One result, whoever reports it: the same entry held by the same peer. */
export function hitKey (hit: Pick<Hit, 'peer' | 'cid' | 'root' | 'path'>): string {
  return `${hit.peer}|${hit.root}|${hit.path}|${hit.cid}`
}

/**
 * The answering side of one search stream: hits go out in messages of at
 * most MAX_SEARCH_HITS_PER_MESSAGE and MAX_SEARCH_ANSWER_BYTES (what the
 * reader accepts), each result once (a relay can hear of
 * one holder along two paths), and never more than the query's limit.
 */
export class AnswerWriter {
  private readonly stream: Pick<LengthPrefixedStream, 'write'>
  private readonly limit: number
  private readonly sent = new Set<string>()

  constructor (stream: Pick<LengthPrefixedStream, 'write'>, limit: number) {
    this.stream = stream
    this.limit = limit
  }

  get full (): boolean {
    return this.sent.size >= this.limit
  }

  async write (hits: Hit[], signal: AbortSignal): Promise<void> {
    const fresh: Hit[] = []
    for (const hit of hits) {
      const key = hitKey(hit)
      if (!this.full && !this.sent.has(key)) {
        this.sent.add(key)
        fresh.push(hit)
      }
    }
    let batch: Hit[] = []
    let bytes = 0
    for (const hit of fresh) {
      const size = Buffer.byteLength(JSON.stringify(hit)) + 1
      if (batch.length === MAX_SEARCH_HITS_PER_MESSAGE || bytes + size > MAX_SEARCH_ANSWER_BYTES - ENVELOPE_BYTES) {
        await this.flush(batch, signal)
        batch = []
        bytes = 0
      }
      batch.push(hit)
      bytes += size
    }
    await this.flush(batch, signal)
  }

  private async flush (hits: Hit[], signal: AbortSignal): Promise<void> {
    if (hits.length > 0) {
      await this.stream.write(encode({ type: 'hits', hits }), { signal })
    }
  }
}
