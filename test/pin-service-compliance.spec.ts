import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { SPEC_PATH, specAvailable } from './fixtures/pin-service.ts'
import type { TestCairn } from './fixtures/cairn.ts'

const SUITE_DIR = resolve(import.meta.dirname, '../node_modules/@ipfs-shipyard/pinning-service-compliance')
const PRELOAD = resolve(import.meta.dirname, 'fixtures/pin-service-preload.ts')
const SUITE_TIMEOUT_MS = 180_000

/**
 * Runs the public compliance suite (`pinning-service-compliance -s <url> <token>`)
 * against a running Cairn, offline: the preload answers its spec download
 * from a local file and refuses anything off this host. The suite reads only
 * the download's component schemas, to check answers against: the frozen
 * yaml where present, else the OpenAPI document Cairn serves, whose schemas
 * carry the spec's names (and JSON is YAML).
 */
describe(`Pinning Service API: @ipfs-shipyard/pinning-service-compliance (against ${specAvailable ? 'the frozen spec' : 'the OpenAPI document Cairn serves'})`, () => {
  let cairn: TestCairn
  let contractDir: string
  beforeAll(async () => {
    // the suite reads its arguments with yargs, which takes a token starting with '-' (base64url
    // allows it) for a flag: this run's token is random but starts with a letter
    cairn = await startCairn({ env: { CAIRN_API_TOKEN: `t${randomBytes(24).toString('base64url')}` } })
    contractDir = await mkdtemp(join(tmpdir(), 'cairn-psa-contract-'))
  })
  afterAll(async () => {
    await cairn?.stop()
    await rm(contractDir, { recursive: true, force: true })
  })

  async function contractFile (): Promise<string> {
    if (specAvailable) {
      return SPEC_PATH
    }
    const served = await fetch(`${cairn.apiUrl}/api/v1/openapi.json`)
    expect(served.status).toBe(200)
    const document = await served.json() as { openapi: string }
    const file = join(contractDir, 'openapi.json')
    // the suite's swagger-parser 9 refuses any version past 3.0.3 before it reads the schemas
    await writeFile(file, JSON.stringify({ ...document, openapi: '3.0.3' }))
    return file
  }

  it('passes every check', async ({ annotate }) => {
    const docs = join(SUITE_DIR, 'dist', 'docs')
    await mkdir(docs, { recursive: true })
    const summaryFile = join(docs, `${new URL(cairn.apiUrl).hostname}.json`)
    await rm(summaryFile, { force: true })

    const child = spawn(process.execPath, ['--import', PRELOAD, join(SUITE_DIR, 'dist/src/index.js'), '-s', cairn.apiUrl, cairn.token], {
      cwd: SUITE_DIR,
      env: { ...process.env, NODE_NO_WARNINGS: '1', CAIRN_PSA_SPEC: await contractFile() },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => { child.kill(); reject(new Error(`compliance suite did not finish in ${SUITE_TIMEOUT_MS} ms:\n${output.slice(-4000)}`)) }, SUITE_TIMEOUT_MS)
      child.on('exit', code => { clearTimeout(timer); resolve(code) })
    })

    await writeFile(join(docs, 'cairn-run.log'), output)
    const summary = JSON.parse(await readFile(summaryFile, 'utf8').catch(() => 'null')) as { total: number, passed: number, failed: number, success: boolean } | null
    await annotate(`pinning-service-compliance summary: ${JSON.stringify(summary)}`)
    const failures = output.split('\n').filter(line => line.includes('❌') || /error/i.test(line)).slice(0, 40).join('\n')
    expect(summary, `exit ${code}\n${failures}\n${output.slice(-3000)}`).toMatchObject({ failed: 0, success: true })
    expect(summary?.total).toBeGreaterThanOrEqual(9)
  }, SUITE_TIMEOUT_MS + 10_000)
})
