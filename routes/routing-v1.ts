import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { InvalidArgumentError, NotAcceptableError } from '../src/errors.ts'
import { MAX_RECORD_BYTES } from '../src/names/index.ts'
import { requestSignal } from './middleware/request-deadline.ts'
import { openApiRoutes } from './openapi/app.ts'
import { AUTH_ERRORS, ErrorBody, bearer, json } from './openapi/schemas.ts'
import type { RouteDeps } from './env.ts'

/** The signed IPNS record as it travels (IANA-registered). */
export const IPNS_RECORD_TYPE = 'application/vnd.ipfs.ipns-record'

/** What the spec says a 404, or a record without TTL, may be cached for. */
const DEFAULT_MAX_AGE_S = 60

const nameParam = z.object({ name: z.string().min(1).openapi({ param: { name: 'name', in: 'path' }, description: 'The IPNS name (a libp2p-key CID)' }) })
const recordBody = { [IPNS_RECORD_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } }
const tags = ['routing']

const routes = {
  get: createRoute({
    method: 'get',
    path: '/ipns/{name}',
    tags,
    summary: 'The signed IPNS record of a name (gateway listener, public)',
    request: { params: nameParam },
    responses: {
      200: { content: recordBody, description: 'The newest valid record' },
      400: json(ErrorBody, 'Not an IPNS name'),
      404: json(ErrorBody, 'No record found'),
      406: json(ErrorBody, 'Accept does not name the record type')
    }
  }),
  put: createRoute({
    method: 'put',
    path: '/ipns/{name}',
    tags,
    security: bearer,
    summary: 'Hand Cairn a signed record to keep alive (API listener, names scope)',
    request: { params: nameParam, body: { content: recordBody, required: true } },
    responses: { 200: { description: 'Validated and kept' }, ...AUTH_ERRORS, 406: json(ErrorBody, 'Content-Type is not the record type'), 409: json(ErrorBody, 'A newer record is held') }
  })
}

/**
 * Delegated Routing V1, IPNS part (specs.ipfs.tech/routing/http-routing-v1),
 * on the gateway: `GET /routing/v1/ipns/<name>` answers the newest valid
 * signed record (from the local cache within its TTL, otherwise from the
 * routing), public and CORS-open like every gateway answer.
 */
export function routingV1IpnsGet ({ node }: RouteDeps) {
  return openApiRoutes()
    .openapi(routes.get, async (c) => {
      if (!accepts(c.req.header('accept'))) {
        throw new NotAcceptableError(`this route answers ${IPNS_RECORD_TYPE} only: send "Accept: ${IPNS_RECORD_TYPE}"`)
      }
      // also what a 404 thrown below carries
      c.header('Cache-Control', `public, max-age=${DEFAULT_MAX_AGE_S}`)
      const { record } = await node.names.record(c.req.valid('param').name, { signal: requestSignal(c) })
      const maxAge = Math.floor(record.ttlMs / 1000)
      c.header('Cache-Control', `public, max-age=${maxAge > 0 ? maxAge : DEFAULT_MAX_AGE_S}`)
      return c.body(new Uint8Array(record.bytes), 200, {
        'Content-Type': IPNS_RECORD_TYPE,
        Etag: `"${createHash('sha256').update(record.bytes).digest('base64url')}"`,
        Vary: 'Accept'
      })
    })
}

/**
 * On the API, behind the token: `PUT /routing/v1/ipns/<name>` takes a signed
 * record after validating it and keeps the name alive (re-put every
 * republish interval until its EOL).
 */
export function routingV1IpnsPut ({ node }: RouteDeps) {
  return openApiRoutes()
    .openapi(routes.put, async (c) => {
      if (c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() !== IPNS_RECORD_TYPE) {
        throw new NotAcceptableError(`send the record as "Content-Type: ${IPNS_RECORD_TYPE}"`)
      }
      const record = await readRecordBody(c.req.raw.body)
      await node.names.accept(c.req.valid('param').name, record, { signal: c.req.raw.signal })
      return c.body(null, 200)
    })
}

/** `Accept` names the record type, or any type. */
function accepts (header: string | undefined): boolean {
  if (header == null) {
    return false
  }
  return header.split(',').some(part => {
    const type = part.split(';')[0]?.trim().toLowerCase()
    return type === IPNS_RECORD_TYPE || type === '*/*' || type === 'application/*'
  })
}

/** The request body, refused without reading further once it outgrows any valid record. */
async function readRecordBody (body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let size = 0
  if (body != null) {
    for await (const chunk of body) {
      size += chunk.byteLength
      // leaving the loop cancels the rest of the upload
      if (size > MAX_RECORD_BYTES) {
        throw new InvalidArgumentError(`invalid IPNS record: more than the ${MAX_RECORD_BYTES} bytes a record may have`)
      }
      chunks.push(chunk)
    }
  }
  if (size === 0) {
    throw new InvalidArgumentError('the request body must be a signed IPNS record')
  }
  return Buffer.concat(chunks)
}
