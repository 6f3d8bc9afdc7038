import { MAX_REDIRECTS_FILE_BYTES } from '../../src/constants.ts'
import { RedirectsFileError } from '../../src/errors.ts'
import { matchRedirect, parseRedirects } from '../../src/gateway/redirects.ts'
import { resolvePath } from '../../src/gateway/resolve.ts'
import type { GatewayContext } from './context.ts'
import type { ResolvedPath } from '../../src/gateway/resolve.ts'

/** Serves a path of the same site with a given status (a rewrite, or a custom error page). */
export type ServeSitePath = (segments: string[], status: number) => Promise<Response>

/**
 * The web redirects file: on an origin that holds one site (subdomain or
 * DNSLink gateway, never the path gateway, as the spec requires), a path
 * missing from the DAG is looked up in the site's `_redirects`. The first
 * matching rule redirects (3xx, `Location` as written), rewrites (200) or
 * serves its target with an error status (404, 410, 451). Undefined when
 * there is no such file or no rule matches; a bad file is a 500 that says why.
 */
export async function redirectsResponse (ctx: GatewayContext, site: string[], segments: string[], serve: ServeSitePath): Promise<Response | undefined> {
  const file = await redirectsFile(ctx, site)
  if (file == null) {
    return undefined
  }
  const match = matchRedirect(parseRedirects(await read(ctx, file)), `/${segments.join('/')}`)
  if (match == null) {
    return undefined
  }
  if (match.status >= 300 && match.status < 400) {
    return new Response(null, { status: match.status, headers: { Location: match.to } })
  }
  if (!match.to.startsWith('/')) {
    throw new RedirectsFileError(`could not parse _redirects: a ${match.status} rule must name a path of this site, not ${match.to}`)
  }
  const target = new URL(match.to, 'http://site').pathname.split('/').filter(s => s !== '').map(s => decodeURIComponent(s))
  return serve(target, match.status)
}

async function redirectsFile (ctx: GatewayContext, site: string[]): Promise<ResolvedPath | undefined> {
  try {
    const file = await resolvePath(ctx.retrieval, ctx.target.root, [...site, '_redirects'])
    return file.entry == null || file.entry.type === 'directory' || file.entry.type === 'object' ? undefined : file
  } catch (err) {
    if ((err as Error).name === 'ContentNotFoundError') {
      return undefined
    }
    throw err
  }
}

async function read (ctx: GatewayContext, { entry }: ResolvedPath): Promise<Uint8Array> {
  if (entry == null || entry.type === 'directory' || entry.type === 'object') {
    return new Uint8Array()
  }
  if (entry.size > BigInt(MAX_REDIRECTS_FILE_BYTES)) {
    throw new RedirectsFileError(`could not parse _redirects: redirects file size cannot exceed ${MAX_REDIRECTS_FILE_BYTES} bytes`)
  }
  const chunks: Uint8Array[] = []
  for await (const chunk of entry.content({ signal: ctx.retrieval.signal })) {
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
