/**
 * Every failure Cairn reports has its own class with a stable `name`.
 * Callers compare `err.name`; routes/errors.ts maps names to HTTP once.
 */

export class CairnError extends Error {
  override readonly name: string = 'CairnError'
}

/** Configuration could not be parsed or validated; the process exits with code 2. */
export class ConfigError extends CairnError {
  override readonly name = 'ConfigError'
}

/** A request argument is missing or malformed (a bad CID, a bad flag value). */
export class InvalidArgumentError extends CairnError {
  override readonly name = 'InvalidArgumentError'
}

/** The content is neither local nor found on the network within the fetch timeout. */
export class ContentNotFoundError extends CairnError {
  override readonly name = 'ContentNotFoundError'
}

/** The CID resolves, but not to something this operation can serve (a directory to `cat`, say). */
export class UnsupportedContentError extends CairnError {
  override readonly name = 'UnsupportedContentError'
}

/** A write route was called without a valid API token. */
export class UnauthorizedError extends CairnError {
  override readonly name = 'UnauthorizedError'
}

/** The node is not started, or is shutting down. */
export class NotReadyError extends CairnError {
  override readonly name = 'NotReadyError'
}

/** The route exists but not for this HTTP method (Kubo's RPC is POST-only). */
export class MethodNotAllowedError extends CairnError {
  override readonly name = 'MethodNotAllowedError'
}

/** A named thing (key, pin, name) does not exist. */
export class NotFoundError extends CairnError {
  override readonly name = 'NotFoundError'
}

/** A named thing already exists and the operation would overwrite it. */
export class AlreadyExistsError extends CairnError {
  override readonly name = 'AlreadyExistsError'
}

/** A configured limit (upload size, part count, path depth, DAG size) was exceeded. */
export class LimitExceededError extends CairnError {
  override readonly name = 'LimitExceededError'
}

/** The routing could not complete an operation: no peer took a record, or a lookup failed. */
export class RoutingError extends CairnError {
  override readonly name = 'RoutingError'
}

/** An IPNS record was refused because one at least as new (sequence, then EOL) is already held. */
export class StaleRecordError extends CairnError {
  override readonly name = 'StaleRecordError'
}

/** The request's `Accept` or `Content-Type` names no format this route serves or takes. */
export class NotAcceptableError extends CairnError {
  override readonly name = 'NotAcceptableError'
}

/** Content was neither local nor delivered by any peer before the fetch timeout (the gateway answers 504). */
export class RetrievalTimeoutError extends CairnError {
  override readonly name = 'RetrievalTimeoutError'
}

/** The caller's deadline for the whole operation (Kubo's global `timeout` argument) passed; Kubo's wording is the message. */
export class DeadlineExceededError extends CairnError {
  override readonly name = 'DeadlineExceededError'
  constructor (message = 'context deadline exceeded') {
    super(message)
  }
}

/** A request that allowed no network I/O (`Cache-Control: only-if-cached`) needs blocks this node lacks. */
export class NotCachedError extends CairnError {
  override readonly name = 'NotCachedError'
}

/** The request is valid but asks for something not built, such as pathing into IPLD kinds other than links. */
export class NotImplementedError extends CairnError {
  override readonly name = 'NotImplementedError'
}

/** A site's `_redirects` file is too large or cannot be parsed; the message is for the site's author. */
export class RedirectsFileError extends CairnError {
  override readonly name = 'RedirectsFileError'
}

/** The request came from a browser origin the API does not allow (Kubo's 403 for a foreign `Origin`). */
export class ForbiddenOriginError extends CairnError {
  override readonly name = 'ForbiddenOriginError'
}

/** The gateway has as many requests in flight as it takes; the client may retry shortly (429 with `Retry-After`). */
export class TooManyRequestsError extends CairnError {
  override readonly name = 'TooManyRequestsError'
}

/** A write would take the blockstore past `CAIRN_STORAGE_MAX`, even after collecting unpinned blocks (507). */
export class StorageFullError extends CairnError {
  override readonly name = 'StorageFullError'
}

/** A valid token whose scopes or allowed paths do not cover the request (403, naming what is missing). */
export class ForbiddenError extends CairnError {
  override readonly name = 'ForbiddenError'
}

/** A peer sent a message that breaks a protocol's format or bounds; it is dropped and counts against the peer. */
export class ProtocolError extends CairnError {
  override readonly name = 'ProtocolError'
}
