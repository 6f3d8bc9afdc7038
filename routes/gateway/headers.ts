import type { GatewayTarget } from './target.ts'
import type { CID } from 'multiformats/cid'

/** Content under /ipfs/ never changes: a year, and `immutable`, as the path gateway spec requires. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=29030400, immutable'

/** Generated HTML may change with the gateway's code: a week, then revalidate in the background (Kubo's choice). */
export const GENERATED_CACHE_CONTROL = 'public, max-age=604800, stale-while-revalidate=2678400'

/**
 * `Cache-Control` for content reached through the target: immutable under
 * /ipfs/, the record's TTL under /ipns/, none when the TTL is not known.
 */
export function cacheControl (target: GatewayTarget, immutable = IMMUTABLE_CACHE_CONTROL): string | undefined {
  if (target.namespace === 'ipfs') {
    return immutable
  }
  return target.ttlMs == null ? undefined : `public, max-age=${Math.max(0, Math.floor(target.ttlMs / 1000))}`
}

/** The headers every deserialised answer carries: where it came from, and how it may be cached. */
export function contentHeaders (target: GatewayTarget, roots: CID[], cache: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Ipfs-Path': target.contentPath,
    'X-Ipfs-Roots': roots.map(cid => cid.toString()).join(',')
  }
  if (cache != null) {
    headers['Cache-Control'] = cache
  }
  return headers
}

/**
 * True when `If-None-Match` names any of `etags` (or `*`). Comparison is weak,
 * as RFC 9110 asks for If-None-Match: `W/"x"` matches `"x"`.
 */
export function ifNoneMatch (header: string | undefined, etags: string[]): boolean {
  if (header == null || header === '') {
    return false
  }
  const wanted = etags.map(opaque)
  return header.split(',').map(tag => tag.trim()).some(tag => tag === '*' || wanted.includes(opaque(tag)))
}

function opaque (etag: string): string {
  return etag.startsWith('W/') ? etag.slice(2) : etag
}

export interface DispositionOptions {
  /** `attachment` (save) or `inline` (show) when the request says nothing. */
  type: 'inline' | 'attachment'
  /** `?filename=`, which wins over `fallbackName`. */
  filename?: string
  /** `?download=` ('true' forces `attachment`, 'false' forces `inline`). */
  download?: string
  fallbackName?: string
}

/**
 * `Content-Disposition`, or undefined when there is nothing to say. A name with
 * characters outside ASCII is given twice: with those replaced by `_`, and
 * percent-encoded as UTF-8 (RFC 8187), as the path gateway spec requires.
 */
export function contentDisposition ({ type, filename, download, fallbackName }: DispositionOptions): string | undefined {
  const name = filename != null && filename !== '' ? filename : fallbackName
  const kind = download === 'true' ? 'attachment' : download === 'false' ? 'inline' : type
  if (name == null) {
    return download === 'true' ? 'attachment' : undefined
  }
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '\\$&')
  if (/^[\x20-\x7e]*$/.test(name)) {
    return `${kind}; filename="${ascii}"`
  }
  const utf8 = encodeURIComponent(name).replace(/['()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${utf8}`
}

/** Adds `Content-Location` when `Accept` chose the format, so caches keep the formats apart (path gateway spec). */
export function withContentLocation (res: Response, url: string, format: string): Response {
  const location = new URL(url)
  location.searchParams.set('format', format)
  try {
    res.headers.set('Content-Location', `${location.pathname}${location.search}`)
    return res
  } catch {
    // a Response with immutable headers (one made by fetch): copy it to add the header
    const headers = new Headers(res.headers)
    headers.set('Content-Location', `${location.pathname}${location.search}`)
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers })
  }
}
