import { base32 } from 'multiformats/bases/base32'
import type { NameDigest } from '../keys/key-id.ts'

/**
 * Runs changes to one name's entry one at a time, so that a publish and a
 * republish (or two PUTs of records) never interleave their
 * read-compare-write and lose a sequence number. Different names run freely.
 */
export class NameLock {
  private readonly tails = new Map<string, Promise<unknown>>()

  async run<T> (digest: NameDigest, work: () => Promise<T>): Promise<T> {
    const id = base32.baseEncode(digest.bytes)
    const previous = this.tails.get(id) ?? Promise.resolve()
    const current = previous.catch(() => {}).then(work)
    const tail = current.catch(() => {})
    this.tails.set(id, tail)
    try {
      return await current
    } finally {
      if (this.tails.get(id) === tail) {
        this.tails.delete(id)
      }
    }
  }
}
