import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The one table from a domain error's `name` to an HTTP status. */
const STATUS_BY_NAME: Record<string, ContentfulStatusCode> = {
  InvalidArgumentError: 400,
  UnsupportedContentError: 400,
  UnauthorizedError: 401,
  ForbiddenOriginError: 403,
  ForbiddenError: 403,
  ContentNotFoundError: 404,
  NotFoundError: 404,
  MethodNotAllowedError: 405,
  NotAcceptableError: 406,
  AlreadyExistsError: 409,
  StaleRecordError: 409,
  NotCachedError: 412,
  LimitExceededError: 413,
  TooManyRequestsError: 429,
  RedirectsFileError: 500,
  NotImplementedError: 501,
  NotReadyError: 503,
  RoutingError: 503,
  RetrievalTimeoutError: 504,
  StorageFullError: 507,
  DeadlineExceededError: 504
}

export interface HttpError {
  status: ContentfulStatusCode
  name: string
  message: string
  /** True for faults of the server rather than of the request: these get logged. */
  internal: boolean
}

/**
 * Classifies any thrown value. Unknown errors become a 500 whose message does
 * not leak internals; the original is logged by the caller.
 */
export function toHttpError (err: unknown): HttpError {
  if (err instanceof HTTPException) {
    return { status: err.status, name: 'HTTPError', message: err.message || 'request refused', internal: false }
  }
  const name = (err as Error | undefined)?.name ?? 'Error'
  const status = STATUS_BY_NAME[name]
  if (status != null) {
    return { status, name, message: (err as Error).message, internal: false }
  }
  return { status: 500, name: 'InternalError', message: 'internal server error', internal: true }
}

/** Kubo RPC's error body; kubo-rpc-client reads `Message`. */
export function kuboErrorBody (error: HttpError): { Message: string, Code: number, Type: 'error' } {
  return { Message: error.message, Code: 0, Type: 'error' }
}

/** Error body for Cairn's own endpoints and the gateway. */
export function cairnErrorBody (error: HttpError): { error: { name: string, message: string } } {
  return { error: { name: error.name, message: error.message } }
}

