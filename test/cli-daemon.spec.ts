import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keptDataDirs, testEnv } from './fixtures/cairn.ts'
import { CLI_BIN, jsonOf, runCli } from './fixtures/cli.ts'
import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'

describe('cairn daemon', () => {
  const dirs = keptDataDirs()
  let daemon: ChildProcessByStdio<null, Readable, Readable> | undefined

  beforeEach(() => { daemon = undefined })
  afterEach(async () => {
    if (daemon?.exitCode == null && daemon?.signalCode == null) {
      daemon?.kill('SIGKILL')
    }
    await dirs.removeAll()
  })

  it('starts the service as npm start does, logs where it listens, serves /readyz and stops cleanly on SIGTERM', async () => {
    const dataDir = await dirs.make()
    daemon = spawn(process.execPath, [CLI_BIN, 'daemon', '--shutdown-grace-ms', '1500'], {
      env: { PATH: process.env.PATH ?? '', ...testEnv(dataDir, { CAIRN_LOG_LEVEL: 'info' }) },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const logs: any[] = []
    const lines = createInterface({ input: daemon.stdout })
    const listening = new Promise<any>((resolve, reject) => {
      lines.on('line', (line) => {
        const entry = JSON.parse(line)
        logs.push(entry)
        if (/listening/.test(entry.msg)) {
          resolve(entry)
        }
      })
      daemon?.on('exit', (code) => { reject(new Error(`daemon exited with ${code} before listening`)) })
    })
    const started = await listening
    // the API's URL once the listeners are split, the single one before
    const apiUrl: string = started.apiUrl ?? started.url
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    const ready = await fetch(`${apiUrl}/readyz`)
    expect(ready.status).toBe(200)
    expect((await ready.json()).peerId).toBe(started.peerId)

    // the token the daemon generated is found through its data directory
    const status = await runCli(['status', '--api', apiUrl, '--json'], { env: { CAIRN_DATA: dataDir } })
    expect(jsonOf(status).peerId).toBe(started.peerId)

    daemon.kill('SIGTERM')
    const [code] = await once(daemon, 'exit')
    expect(code).toBe(0)
    expect(logs.map(entry => entry.msg)).toContain('shutdown complete')
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
