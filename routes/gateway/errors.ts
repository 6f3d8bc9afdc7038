import { GATEWAY_RETRY_AFTER_SECONDS } from '../../src/constants.ts'
import { escapeHtml, page } from './html/page.ts'
import type { HttpError } from '../errors.ts'
import type { Context } from 'hono'

/** Requests served by the gateway under another path (subdomain and DNSLink hosts). */
const servedByGateway = new WeakSet<Request>()

/** Marks a request as the gateway's, so its errors get the gateway's bodies whatever its path. */
export function markGatewayRequest (c: Context): void {
  servedByGateway.add(c.req.raw)
}

export function isGatewayRequest (c: Context): boolean {
  return /^\/ip[fn]s(\/|$)/.test(c.req.path) || servedByGateway.has(c.req.raw)
}

/** Statuses after which the same request may well succeed. */
const RETRYABLE = new Set([429, 502, 503, 504])

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  406: 'Not Acceptable',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
}

/**
 * A gateway error as browsers and HTTP clients expect it: a short HTML page
 * for clients that accept HTML, the message as plain text otherwise (as Kubo
 * answers). 412 for `only-if-cached` has no body, as the spec says; errors a
 * retry may cure carry `Retry-After`. Errors are never cached as immutable.
 */
export function gatewayErrorResponse (c: Context, error: HttpError): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
  if (RETRYABLE.has(error.status)) {
    headers['Retry-After'] = String(GATEWAY_RETRY_AFTER_SECONDS)
  }
  if (error.status === 412) {
    return new Response(null, { status: 412, headers })
  }
  const reason = REASONS[error.status] ?? 'Error'
  if (c.req.header('accept')?.includes('text/html') === true) {
    const title = `${error.status} ${reason}`
    const html = page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(error.message)}</p>\n<p class="meta">${escapeHtml(c.req.path)}</p>`)
    return new Response(html, { status: error.status, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } })
  }
  return new Response(`${error.message}\n`, { status: error.status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } })
}
