import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { jsonOf, runCli } from './fixtures/cli.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** A loopback port nothing listens on: bound once, then released. */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

describe('cairn: bad input gets a clear message and a non-zero exit', () => {
  let cairn: TestCairn
  let work: string
  let site: string
  let emptyDataDir: string

  beforeAll(async () => {
    cairn = await startCairn()
    work = await mkdtemp(join(tmpdir(), 'cairn-cli-'))
    site = join(work, 'site')
    emptyDataDir = join(work, 'no-cairn-here')
    await mkdir(site)
    await writeFile(join(site, 'index.html'), 'hi\n')
  })
  afterAll(async () => {
    await cairn.stop()
    await rm(work, { recursive: true, force: true })
  })

  const api = () => ['--api', cairn.apiUrl, '--token', cairn.token]

  it('a missing folder: names it, uploads nothing, creates no key', async () => {
    const missing = join(work, 'dist')
    const result = await runCli(['publish', missing, ...api()])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`cairn: folder "${missing}" does not exist\n`)
    expect((await cairn.kubo.key.list()).map(k => k.name)).not.toContain('dist')
  })

  it('a file where a folder is expected', async () => {
    const result = await runCli(['publish', join(site, 'index.html'), ...api()])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('is not a folder')
  })

  it('an unreachable API', async () => {
    const port = await closedPort()
    const result = await runCli(['publish', site, '--api', `http://127.0.0.1:${port}`, '--token', cairn.token])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`cairn: cannot reach the Cairn API at http://127.0.0.1:${port} (ECONNREFUSED): is it running? Point --api or CAIRN_API_URL at it\n`)
  })

  it('a refused token, before any byte is uploaded', async () => {
    const result = await runCli(['publish', site, '--api', cairn.apiUrl, '--token', 'not-the-token-at-all'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^cairn: the Cairn API at .* refused the token \(invalid API token\): check --token/m)
    expect(result.stderr).not.toContain('uploading')
  })

  it('no token at all (none given, no local data directory)', async () => {
    const result = await runCli(['status', '--api', cairn.apiUrl], { env: { CAIRN_DATA: emptyDataDir } })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^cairn: the Cairn API at .* wants a token .*: pass --token, set CAIRN_API_TOKEN or CAIRN_API_TOKEN_FILE\n$/)
  })

  it('a symlink leaving the folder is refused, naming it', async () => {
    const leaky = join(work, 'leaky')
    await mkdir(join(leaky, 'assets'), { recursive: true })
    await writeFile(join(leaky, 'index.html'), 'hi\n')
    await writeFile(join(work, 'secret.txt'), 'do not publish\n')
    await symlink('../../secret.txt', join(leaky, 'assets', 'data.txt'))
    const result = await runCli(['publish', leaky, ...api()])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`cairn: symlink "${join(leaky, 'assets', 'data.txt')}" points outside the folder (to ${join(work, 'secret.txt')}): refusing to publish it\n`)
    expect((await cairn.kubo.key.list()).map(k => k.name)).not.toContain('leaky')
  })

  it('--wait-reachable gives up after --wait-timeout with what the last attempt got', async () => {
    const port = await closedPort()
    const started = Date.now()
    const result = await runCli(['publish', site, ...api(), '--wait-reachable', `http://127.0.0.1:${port}`, '--wait-timeout', '1'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`cairn: http://127.0.0.1:${port}/ipfs/\\w+/ was not served within 1 s \\(last attempt: ECONNREFUSED\\)`))
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('with --json a failure is also one JSON object on stdout', async () => {
    const result = await runCli(['publish', join(work, 'nope'), ...api(), '--json'])
    expect(result.code).toBe(1)
    expect(jsonOf(result)).toEqual({ error: { name: 'LocalFileError', message: `folder "${join(work, 'nope')}" does not exist` } })
  })

  it('an API that is not Cairn\'s (a web page answering everything)', async () => {
    const page = createHttpServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end('<html>welcome</html>') })
    await new Promise<void>(resolve => page.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = page.address() as { port: number }
      const result = await runCli(['status', '--api', `http://127.0.0.1:${port}`, '--token', cairn.token])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^cairn: (id|swarm\/peers|repo\/stat): unexpected answer from the API \(not JSON\); is --api pointing at Cairn's API\?\n$/)
    } finally {
      page.closeAllConnections()
      await new Promise(resolve => page.close(resolve))
    }
  })

  it('an API error keeps the server\'s message', async () => {
    const result = await runCli(['key', 'gen', 'self', ...api()])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('cairn: key/gen failed: cannot create key with name \'self\' (HTTP 400)\n')
  })

  it('usage errors exit with 2: a bad URL, an unknown command, a bad choice', async () => {
    const badUrl = await runCli(['status', '--api', 'localhost:5001'])
    expect(badUrl).toMatchObject({ code: 2, stderr: 'cairn: --api: "localhost:5001" is not an http(s) URL (expected e.g. http://127.0.0.1:5001)\n' })
    const unknown = await runCli(['publsh', site])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command 'publsh'")
    const choice = await runCli(['publish', site, '--cid-version', '2'])
    expect(choice.code).toBe(2)
    expect(choice.stderr).toContain("argument '2' is invalid")
  })
})
