/**
 * What the CLI reports. Each failure has its own class with a stable `name`;
 * `cairn` prints the message and exits with `exitCode`.
 */
export class CliError extends Error {
  override readonly name: string = 'CliError'
  readonly exitCode: number = 1
}

/** The API did not answer: nothing listens there, the host is unknown, or the connection broke. */
export class ApiUnreachableError extends CliError {
  override readonly name = 'ApiUnreachableError'
}

/** The API answered 401: no token, or not the one it expects. */
export class TokenRefusedError extends CliError {
  override readonly name = 'TokenRefusedError'
}

/** The API answered an error other than 401. */
export class ApiError extends CliError {
  override readonly name = 'ApiError'
  readonly status: number

  constructor (message: string, status: number) {
    super(message)
    this.status = status
  }
}

/** A folder or file to upload is missing, unreadable, or holds something that cannot be published. */
export class LocalFileError extends CliError {
  override readonly name = 'LocalFileError'
}

/** `--wait-reachable`: the gateway did not serve the content in time. */
export class NotReachableError extends CliError {
  override readonly name = 'NotReachableError'
}

/** An option's value is malformed (a URL that is not one, say). */
export class UsageError extends CliError {
  override readonly name = 'UsageError'
  override readonly exitCode = 2
}
