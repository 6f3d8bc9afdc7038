import { pino } from 'pino'
import type { LogLevel } from './config.ts'
import type { Logger } from 'pino'

export type { Logger }

/**
 * The root logger: JSON lines on stdout. Components take a child with
 * `logger.child({ component: 'cairn:<name>' })` rather than logging at the root.
 */
export function createLogger (level: LogLevel): Logger {
  return pino({ level, base: { service: 'cairn' } })
}
