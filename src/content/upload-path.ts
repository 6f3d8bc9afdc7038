import { InvalidArgumentError, LimitExceededError } from '../errors.ts'

/**
 * Checks a path from an upload and returns it normalised (no leading `./`
 * or `/`). A path must stay inside the upload's root: a leading `/` names
 * that root, as in Kubo (kubo-rpc-client's `globSource` sends `/dir/file`),
 * while `.` and `..` segments, empty segments and NUL bytes are refused, and
 * so is a path deeper than `maxDepth` segments.
 */
export function uploadPath (raw: string, maxDepth: number): string {
  const path = raw.replace(/^\/(?!\/)/, '').replace(/^(\.\/)+/, '').replace(/(?<=.)\/+$/, '')
  if (path.includes('\0')) {
    throw new InvalidArgumentError(`path "${raw.replace(/\0/g, '\\0')}" contains a NUL byte`)
  }
  if (path === '') {
    return ''
  }
  const segments = path.split('/')
  for (const segment of segments) {
    if (segment === '..' || segment === '.') {
      throw new InvalidArgumentError(`path "${raw}" has a "${segment}" segment: upload paths cannot leave the upload root`)
    }
    if (segment === '') {
      throw new InvalidArgumentError(`path "${raw}" has an empty segment`)
    }
  }
  if (segments.length > maxDepth) {
    throw new LimitExceededError(`path "${raw}" is ${segments.length} levels deep; the limit is ${maxDepth}`)
  }
  return path
}
