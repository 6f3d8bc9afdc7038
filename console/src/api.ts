import type { Session } from './session.ts'

/** An answer the API refused, with the server's own message. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly status: number
  constructor (status: number, message: string) {
    super(message)
    this.status = status
  }
}

type Params = Record<string, string | number | boolean | string[] | undefined>

export function query (params: Params): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    for (const one of [value].flat()) {
      if (one !== undefined) {
        search.append(key, String(one))
      }
    }
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

export function apiBase (session: Session): string {
  return session.apiUrl.replace(/\/+$/, '')
}

/** The message in any of Cairn's error bodies: its own, the Pinning Service API's, Kubo's. */
export function errorMessage (status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string, details?: string, reason?: string }, Message?: string }
    const message = body.error?.message ?? body.error?.details ?? body.error?.reason ?? body.Message
    if (message != null) {
      return message
    }
  } catch {
    // not JSON: the text itself is the message
  }
  return text.trim() !== '' ? text.trim().slice(0, 300) : `HTTP ${status}`
}

async function send (session: Session, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<string> {
  const headers: Record<string, string> = { authorization: `Bearer ${session.token}` }
  if (body !== undefined) {
    headers['content-type'] = 'application/json'
  }
  let res: Response
  try {
    res = await fetch(`${apiBase(session)}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal })
  } catch (err) {
    if ((err as Error).name === 'AbortError') {
      throw err
    }
    throw new ApiError(0, `could not reach the API at ${apiBase(session) || location.origin}: ${(err as Error).message}`)
  }
  const text = await res.text()
  if (!res.ok) {
    throw new ApiError(res.status, errorMessage(res.status, text))
  }
  return text
}

/** A JSON call to Cairn's API (`/api/v1`, `/pins`). */
export async function call<T> (session: Session, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const text = await send(session, method, path, body, signal)
  return (text === '' ? undefined : JSON.parse(text)) as T
}

/** A Kubo RPC command: always POST, arguments in the query. */
export async function rpc<T> (session: Session, command: string, params: Params = {}): Promise<T> {
  return call<T>(session, 'POST', `/api/v0/${command}${query(params)}`)
}

/** A Kubo RPC command that answers one JSON object per line (`repo/gc`). */
export async function rpcLines<T> (session: Session, command: string, params: Params = {}): Promise<T[]> {
  const text = await send(session, 'POST', `/api/v0/${command}${query(params)}`)
  return text.split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as T)
}

/**
 * A JSON call answered as ndjson, one line handed over as it arrives
 * (`GET /api/v1/search` streams its results while peers answer).
 */
export async function streamLines<T> (session: Session, path: string, onLine: (line: T) => void, signal?: AbortSignal): Promise<void> {
  const res = await fetch(`${apiBase(session)}${path}`, { headers: { authorization: `Bearer ${session.token}` }, signal })
  if (!res.ok || res.body == null) {
    throw new ApiError(res.status, errorMessage(res.status, await res.text()))
  }
  const decoder = new TextDecoder()
  let rest = ''
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines.filter(l => l.trim() !== '')) {
      onLine(JSON.parse(line) as T)
    }
  }
  if (rest.trim() !== '') {
    onLine(JSON.parse(rest) as T)
  }
}
