import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keptDataDirs, testEnv } from './fixtures/cairn.ts'
import { CLI_BIN, jsonOf, runCli } from './fixtures/cli.ts'
import { spawnCairn, waitForListening } from './fixtures/process.ts'
import type { CairnProcess } from './fixtures/process.ts'

describe('cairn daemon', () => {
  const dirs = keptDataDirs()
  let proc: CairnProcess | undefined

  afterEach(async () => {
    if (proc?.child.exitCode == null && proc?.child.signalCode == null) {
      proc?.child.kill('SIGKILL')
      await proc?.exited
    }
    proc = undefined
    await dirs.removeAll()
  })

  it('starts the service as npm start does, logs where it listens, serves /readyz and stops cleanly on SIGTERM', async () => {
    const dataDir = await dirs.make()
    proc = spawnCairn(testEnv(dataDir, { CAIRN_LOG_LEVEL: 'info' }), ['--shutdown-grace-ms', '1500'], 'cairn daemon')
    const { gatewayUrl, apiUrl } = await waitForListening(proc)
    expect(gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    const ready = await fetch(`${apiUrl}/readyz`)
    expect(ready.status).toBe(200)
    const { peerId } = await ready.json()

    // the token the daemon generated is found through its data directory
    const status = await runCli(['status', '--api', apiUrl, '--json'], { env: { CAIRN_DATA: dataDir } })
    expect(jsonOf(status).peerId).toBe(peerId)

    proc.child.kill('SIGTERM')
    expect(await proc.exited).toBe(0)
    expect(proc.output.some(line => line.includes('"shutdown complete"'))).toBe(true)
  })

  it('takes the service\'s flags: --help lists them with their variables, a bad value exits with 2', async () => {
    const help = await runCli(['daemon', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: cairn daemon \[flags\]/)
    expect(help.stdout).toMatch(/--http-port\s+CAIRN_HTTP_PORT/)
    expect(help.stdout).toMatch(/--data\s+CAIRN_DATA/)

    const bad = await runCli(['daemon', '--http-port', 'eighty'], { env: { CAIRN_DATA: await dirs.make() } })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('CAIRN_HTTP_PORT (--http-port)')
  })

  it('is the package\'s bin: runs as an executable through its shebang, on the project\'s Node', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
    expect(pkg.bin.cairn).toBe('src/cli/bin.ts')
    const child = spawn(CLI_BIN, ['--version'], {
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const out: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(Buffer.concat(out).toString()).toBe(`${pkg.version}\n`)
  })
})
