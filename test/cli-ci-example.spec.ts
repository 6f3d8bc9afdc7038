import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { CLI_BIN } from './fixtures/cli.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const EXAMPLE = new URL('../examples/ci/publish-website.yml', import.meta.url)

interface Workflow {
  jobs: Record<string, { steps: Array<{ name?: string, run?: string, env?: Record<string, string> }> }>
}

// the CI example's `cairn publish` line, run as written (its folder swapped for a real one) against a real Cairn
describe('the CI example workflow', () => {
  let cairn: TestCairn
  let work: string

  beforeAll(async () => {
    cairn = await startCairn()
    work = await mkdtemp(join(tmpdir(), 'cairn-ci-'))
  })
  afterAll(async () => {
    await cairn.stop()
    await rm(work, { recursive: true, force: true })
  })

  it('publishes with the command line and variables it uses', async () => {
    const workflow = load(await readFile(EXAMPLE, 'utf8')) as Workflow
    const step = Object.values(workflow.jobs).flatMap(job => job.steps).find(s => s.run?.includes('cairn publish') === true)
    expect(step?.env).toMatchObject({ CAIRN_API_URL: expect.any(String), CAIRN_API_TOKEN: expect.any(String), CAIRN_GATEWAY_URL: expect.any(String) })
    const line = /^\s*(cairn publish \/site .*?)\s*>\s*cairn\.json\s*$/m.exec(step?.run ?? '')?.[1]
    expect(line).toBeDefined()

    const site = join(work, 'site')
    await mkdir(site)
    await writeFile(join(site, 'index.html'), '<h1>from CI</h1>\n')
    const script = `cairn () { "$CAIRN_NODE" "$CAIRN_BIN" "$@"; }\n${(line ?? '').replace('/site', '"$SITE_DIR"')}`
    const child = spawn('bash', ['-euc', script], {
      env: {
        PATH: process.env.PATH ?? '',
        CAIRN_NODE: process.execPath,
        CAIRN_BIN: CLI_BIN,
        SITE_DIR: site,
        SITE_NAME: 'example-site',
        CAIRN_API_URL: cairn.apiUrl,
        CAIRN_API_TOKEN: cairn.token,
        CAIRN_GATEWAY_URL: cairn.gatewayUrl
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    const code = await new Promise(resolve => child.on('close', resolve))
    expect(code, stderr).toBe(0)

    const out = JSON.parse(stdout)
    expect(out).toMatchObject({ key: 'example-site', nameUpdated: true, reachableMs: expect.any(Number) })
    expect(out.urls.path).toBe(`${cairn.gatewayUrl}/ipfs/${out.cid}/`)
    expect(await (await fetch(out.urls.ipnsPath)).text()).toBe('<h1>from CI</h1>\n')
  })
})
