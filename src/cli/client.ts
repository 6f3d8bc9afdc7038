import { z } from 'zod'
import { ApiError, ApiUnreachableError, CliError, TokenRefusedError } from './errors.ts'
import type { ZodType } from 'zod'

export type QueryValue = string | number | boolean | undefined

export interface RpcRequest {
  /** Kubo's positional arguments, sent as repeated `arg=`. */
  args?: string[]
  /** Flags, with Kubo's names; undefined ones are left out. */
  query?: Record<string, QueryValue>
  /** A body streamed as it is read (multipart uploads); never buffered here. */
  body?: { stream: ReadableStream<Uint8Array>, contentType: string }
}

export interface CairnClientOptions {
  /** Base URL of Cairn's API listener, e.g. http://127.0.0.1:5001. */
  apiUrl: string
  token?: string
  /** Aborts every request of this client (Ctrl-C). */
  signal: AbortSignal
}

/** Kubo's error body, and Cairn's own (`/api/v1`, `/pins`). */
const errorBody = z.union([
  z.object({ Message: z.string() }).transform(body => body.Message),
  z.object({ error: z.object({ message: z.string() }) }).transform(body => body.error.message),
  z.object({ error: z.object({ reason: z.string(), details: z.string().optional() }) }).transform(body => body.error.details ?? body.error.reason)
])

const streamErrorLine = z.object({ Type: z.literal('error'), Message: z.string() })

/**
 * The one way the CLI talks to Cairn: its HTTP API, with the bearer token.
 * Answers are checked against a schema before anyone reads them; failures
 * become ApiUnreachableError, TokenRefusedError or ApiError with the
 * server's message.
 */
export class CairnClient {
  readonly apiUrl: string
  readonly #token: string | undefined
  readonly #signal: AbortSignal

  constructor (options: CairnClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '')
    this.#token = options.token
    this.#signal = options.signal
  }

  /** `POST /api/v0/<command>`; the answer is returned unread once its status is a success. */
  async rpc (command: string, request: RpcRequest = {}): Promise<Response> {
    const url = new URL(`${this.apiUrl}/api/v0/${command}`)
    for (const arg of request.args ?? []) {
      url.searchParams.append('arg', arg)
    }
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value))
      }
    }
    const init: RequestInit & { duplex?: 'half' } = { method: 'POST' }
    if (request.body != null) {
      init.body = request.body.stream
      init.headers = { 'content-type': request.body.contentType }
      // a streamed request body needs half duplex in fetch
      init.duplex = 'half'
      // Otherwise Node's fetch (undici 7) clones the request for a possible redirect by
      // teeing the body, and the branch nobody reads keeps every byte sent: a 256 MiB
      // upload held 360 MB. A streamed body cannot be replayed to a redirect anyway.
      init.redirect = 'error'
      init.window = null
    }
    return this.#send(url, init, command)
  }

  async rpcJson<T> (command: string, schema: ZodType<T>, request?: RpcRequest): Promise<T> {
    const response = await this.rpc(command, request)
    return parsed(schema, await jsonBody(response, command), command)
  }

  /** Newline-delimited JSON answers (`add`, streamed `pin/ls`); an error line after the stream began throws. */
  async * rpcLines<T> (command: string, schema: ZodType<T>, request?: RpcRequest): AsyncGenerator<T> {
    const response = await this.rpc(command, request)
    if (response.body == null) {
      return
    }
    let rest = ''
    for await (const text of response.body.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + text).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) {
        if (line.trim() !== '') {
          yield parsedLine(schema, line, command)
        }
      }
    }
    if (rest.trim() !== '') {
      yield parsedLine(schema, rest, command)
    }
  }

  /** `GET` a JSON route of Cairn's own API (`/api/v1/...`). */
  async getJson<T> (path: string, schema: ZodType<T>, query: Record<string, string> = {}): Promise<T> {
    const url = new URL(`${this.apiUrl}${path}`)
    for (const [name, value] of Object.entries(query)) {
      url.searchParams.set(name, value)
    }
    const response = await this.#send(url, { method: 'GET' }, path)
    return parsed(schema, await jsonBody(response, path), path)
  }

  /** `POST` a JSON body to a route of Cairn's own API. */
  async postJson<T> (path: string, schema: ZodType<T>, body: unknown): Promise<T> {
    const url = new URL(`${this.apiUrl}${path}`)
    const response = await this.#send(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, path)
    return parsed(schema, await jsonBody(response, path), path)
  }

  /** `DELETE` a resource of Cairn's own API; the answer's body, if any, is dropped. */
  async delete (path: string): Promise<void> {
    const response = await this.#send(new URL(`${this.apiUrl}${path}`), { method: 'DELETE' }, path)
    await response.body?.cancel()
  }

  async #send (url: URL, init: RequestInit, what: string): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.#token != null) {
      headers.set('authorization', `Bearer ${this.#token}`)
    }
    let response: Response
    try {
      response = await fetch(url, { ...init, headers, signal: this.#signal })
    } catch (err) {
      throw unreachable(err, this.apiUrl, this.#signal)
    }
    if (response.ok) {
      return response
    }
    const message = await failureMessage(response)
    if (response.status === 401) {
      throw new TokenRefusedError(this.#token == null
        ? `the Cairn API at ${this.apiUrl} wants a token (${message}): pass --token, set CAIRN_API_TOKEN or CAIRN_API_TOKEN_FILE`
        : `the Cairn API at ${this.apiUrl} refused the token (${message}): check --token, CAIRN_API_TOKEN or CAIRN_API_TOKEN_FILE`)
    }
    throw new ApiError(`${what} failed: ${message} (HTTP ${response.status})`, response.status)
  }
}

/** fetch rejects with "fetch failed"; its cause says why. A body that failed to read locally keeps its own error. */
function unreachable (err: unknown, apiUrl: string, signal: AbortSignal): Error {
  if (signal.aborted) {
    return signal.reason as Error
  }
  const cause = (err as { cause?: unknown }).cause
  if (cause instanceof CliError) {
    return cause
  }
  const detail = (cause as NodeJS.ErrnoException | undefined)?.code ?? (cause as Error | undefined)?.message ?? (err as Error).message
  return new ApiUnreachableError(`cannot reach the Cairn API at ${apiUrl} (${detail}): is it running? Point --api or CAIRN_API_URL at it`)
}

async function failureMessage (response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const body = errorBody.safeParse(JSON.parse(text))
    if (body.success) {
      return body.data
    }
  } catch {
    // not JSON: a proxy's page, say; its text is still the best explanation
  }
  return text.trim().slice(0, 200) || response.statusText
}

async function jsonBody (response: Response, what: string): Promise<unknown> {
  return parseJson(await response.text(), what)
}

function parseJson (text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw notCairn(what, 'not JSON')
  }
}

function notCairn (what: string, problem: string): ApiError {
  return new ApiError(`${what}: unexpected answer from the API (${problem}); is --api pointing at Cairn's API?`, 502)
}

function parsedLine<T> (schema: ZodType<T>, line: string, what: string): T {
  const value = parseJson(line, what)
  const streamError = streamErrorLine.safeParse(value)
  if (streamError.success) {
    throw new ApiError(`${what} failed: ${streamError.data.Message}`, 500)
  }
  return parsed(schema, value, what)
}

function parsed<T> (schema: ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw notCairn(what, issue == null ? 'bad shape' : `${issue.path.join('.')}: ${issue.message}`)
  }
  return result.data
}
