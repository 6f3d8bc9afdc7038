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
