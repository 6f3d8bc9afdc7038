import { constants, enableCompileCache, flushCompileCache } from 'node:module'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Node's compile cache (V8 code caches of the modules it loads), for the
 * user that runs Cairn rather than for a data dir: a node with a fresh data
 * dir (tests, the bench, a new deployment) starts warm too. In the image,
 * HOME is /data, the volume, so a restarted container starts warm.
 * NODE_COMPILE_CACHE, when set, wins (Node turned the cache on before any of
 * this ran). Caching is an optimisation only: a cache dir that cannot be
 * made or written leaves it off, and the service starts as without it.
 */
export function startCompileCache (): void {
  try {
    const { status } = enableCompileCache(join(homedir(), '.cache', 'cairn', 'compile-cache'))
    cacheOn = status === constants.compileCacheStatus.ENABLED || status === constants.compileCacheStatus.ALREADY_ENABLED
  } catch {
    // no home directory: run without the cache
  }
}

let cacheOn = false

/**
 * Writes the code compiled so far to the cache now, rather than when the
 * process exits: a service stopped by SIGKILL, or that never exits, still
 * leaves a warm cache for the next start.
 */
export function saveCompileCache (): void {
  if (cacheOn) {
    try {
      flushCompileCache()
    } catch {
      // a cache that cannot be written is only a slower next start
    }
  }
}
