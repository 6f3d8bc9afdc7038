import { Hono } from 'hono'
import { versionInfo } from '../../src/node-info.ts'
import type { AppEnv } from '../env.ts'

/** `POST /api/v0/version`, in Kubo's shape; `Golang` names the runtime instead. */
export function versionRoute () {
  return new Hono<AppEnv>().post('/', (c) => {
    const info = versionInfo()
    return c.json({ Version: info.version, Commit: '', Repo: '', System: info.system, Golang: info.runtime })
  })
}
