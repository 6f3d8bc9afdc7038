import { pino } from 'pino'
import pretty from 'pino-pretty'
import type { LogLevel } from './config.ts'
import type { Logger } from 'pino'

export type { Logger }

export interface LoggerOptions {
  /** Human lines, coloured, instead of JSON; the default follows whether stdout is a terminal. */
  pretty?: boolean
}

/**
 * The root logger: JSON lines on stdout for collectors, or readable,
 * coloured lines when a person watches a terminal. Components take a child
 * with `logger.child({ component: 'cairn:<name>' })` rather than logging at
 * the root. Fields that could carry a secret are redacted wherever they
 * appear.
 */
export function createLogger (level: LogLevel, options: LoggerOptions = {}): Logger {
  const settings = {
    level,
    base: { service: 'cairn' },
    redact: { paths: ['token.secret', 'secret', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' }
  }
  if (options.pretty ?? process.stdout.isTTY === true) {
    return pino(settings, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true }))
  }
  return pino(settings)
}
