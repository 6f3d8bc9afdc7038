import { readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { requestedNetwork } from '../src/start/requested-network.ts'
import { tempDataDir, testEnv } from './fixtures/cairn.ts'
import { spawnCairn, waitForListening } from './fixtures/process.ts'
import type { CairnProcess } from './fixtures/process.ts'

describe('starting the service as npm start does (bundle/cairn.js)', () => {
  const dirs: string[] = []
  const procs: CairnProcess[] = []
  const dir = async (): Promise<string> => {
    const made = await tempDataDir()
    dirs.push(made)
    return made
  }
  const start = (env: Record<string, string>): CairnProcess => {
    const proc = spawnCairn(env)
    procs.push(proc)
    return proc
  }

  afterEach(async () => {
    for (const proc of procs.splice(0)) {
      proc.child.kill('SIGTERM')
      await proc.exited
    }
    await Promise.all(dirs.splice(0).map(async made => rm(made, { recursive: true, force: true })))
  })

  it('keeps Node\'s compile cache under HOME, and starts all the same when HOME cannot hold it', async () => {
    const home = await dir()
    const proc = start(testEnv(await dir(), { HOME: home, CAIRN_LOG_LEVEL: 'info' }))
    await waitForListening(proc)
    // written once the service is up, not only at exit
    await expect.poll(async () => (await readdir(join(home, '.cache/cairn/compile-cache')).catch(() => [])).length, { timeout: 10_000 }).toBeGreaterThan(0)

    const notADir = join(await dir(), 'file')
    await writeFile(notADir, '')
    const withoutCache = start(testEnv(await dir(), { HOME: notADir, CAIRN_LOG_LEVEL: 'info' }))
    const { gatewayUrl } = await waitForListening(withoutCache)
    expect((await fetch(`${gatewayUrl}/readyz`)).status).toBe(200)
  })

  it('names src/ files in a stack trace (source maps)', async () => {
    const notADir = join(await dir(), 'file')
    await writeFile(notADir, '')
    const proc = start(testEnv(join(notADir, 'data')))
    expect(await proc.exited).toBe(1)
    const output = proc.output.join('\n')
    expect(output).toContain('failed to start')
    expect(output).toMatch(/\/src\/stores\.ts:\d+:\d+/)
    expect(output).toMatch(/\/src\/main\.ts:\d+:\d+/)
  })
})

describe('requestedNetwork', () => {
  it('reads the profile as config.ts does, before the service loads', () => {
    const cases: [Record<string, string>, string[]][] = [
      [{}, []],
      [{}, ['--network', 'public']],
      [{}, ['--network=public']],
      [{}, ['--http-port', '9000', '--network', 'public', '--peers', '']],
      [{ CAIRN_NETWORK: 'public' }, []],
      [{ CAIRN_NETWORK: 'public' }, ['--network', 'private']],
      [{ CAIRN_NETWORK: 'private' }, ['--network', 'public']]
    ]
    for (const [env, argv] of cases) {
      expect(requestedNetwork(env, argv), `${JSON.stringify(env)} ${argv.join(' ')}`).toBe(parseConfig(env, argv).network)
    }
  })

  it('falls back to the private bundle when the value is bad, whose config.ts then refuses it', () => {
    expect(requestedNetwork({ CAIRN_NETWORK: 'nope' }, [])).toBe('private')
    expect(() => parseConfig({ CAIRN_NETWORK: 'nope' }, [])).toThrow(/CAIRN_NETWORK/)
  })
})
