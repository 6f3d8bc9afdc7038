import { uploadPath } from '../../src/content/upload-path.ts'
import { InvalidArgumentError, LimitExceededError } from '../../src/errors.ts'
import type { ImportEntry } from '../../src/content/import.ts'
import type { MultipartFile } from '../multipart.ts'

export interface EntryLimits {
  maxParts: number
  maxPathDepth: number
}

/**
 * Turns the parts of a Kubo `add` body into import entries: `file*` parts are
 * files, `application/x-directory` parts directories. kubo-rpc-client puts a
 * part's `mode` and `mtime` in its field name's query string
 * (`file-1?mode=0644&mtime=1700000000`).
 */
export async function * addEntries (parts: AsyncIterable<MultipartFile>, limits: EntryLimits): AsyncGenerator<ImportEntry> {
  let count = 0
  for await (const part of parts) {
    if (++count > limits.maxParts) {
      throw new LimitExceededError(`the upload has more than ${limits.maxParts} parts`)
    }
    const path = uploadPath(part.filename, limits.maxPathDepth)
    const meta = fieldMetadata(part.field)
    if (part.contentType === 'application/x-directory') {
      yield { path, ...meta }
    } else {
      yield { path, content: part.content, ...meta }
    }
  }
}

function fieldMetadata (field: string): Pick<ImportEntry, 'mode' | 'mtime'> {
  const query = field.indexOf('?')
  if (query === -1) {
    return {}
  }
  const params = new URLSearchParams(field.slice(query + 1))
  const meta: Pick<ImportEntry, 'mode' | 'mtime'> = {}
  const mode = params.get('mode')
  if (mode != null) {
    if (!/^[0-7]{1,6}$/.test(mode)) {
      throw new InvalidArgumentError(`invalid mode "${mode}" on part "${field}": expected octal`)
    }
    meta.mode = parseInt(mode, 8)
  }
  const secs = params.get('mtime')
  if (secs != null) {
    const nsecs = params.get('mtime-nsecs')
    if (!/^-?\d+$/.test(secs) || (nsecs != null && !/^\d+$/.test(nsecs))) {
      throw new InvalidArgumentError(`invalid mtime on part "${field}"`)
    }
    // UnixFS leaves a zero nsecs out (kubo-rpc-client sends `mtime-nsecs=0`); writing it would change the CID
    meta.mtime = { secs: BigInt(secs), nsecs: nsecs == null || Number(nsecs) === 0 ? undefined : Number(nsecs) }
  }
  return meta
}
