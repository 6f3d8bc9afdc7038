import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { jsonOf, runCli } from './fixtures/cli.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('cairn token create, ls, rm', () => {
  let cairn: TestCairn
  let env: Record<string, string>

  beforeAll(async () => {
    cairn = await startCairn()
    env = { CAIRN_API_URL: cairn.apiUrl, CAIRN_DATA: cairn.dataDir }
  })
  afterAll(async () => { await cairn.stop() })

  it('creates a scoped token that works for its scope only, lists it without its secret, and revokes it', async () => {
    const created = jsonOf(await runCli(['token', 'create', 'ci', '--scope', 'add', 'pin', '--json'], { env }))
    expect(created).toMatchObject({ name: 'ci', scopes: ['add', 'pin'] })
    const secret = created.secret as string

    // the new token, used by the same program: it may add, not manage keys
    const added = await runCli(['add', '--json'], { env: { CAIRN_API_URL: cairn.apiUrl, CAIRN_API_TOKEN: secret }, input: 'scoped\n' })
    expect(added.code).toBe(0)
    const refused = await runCli(['key', 'gen', 'nope'], { env: { CAIRN_API_URL: cairn.apiUrl, CAIRN_API_TOKEN: secret } })
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('lacks the "names" scope')

    const listed = await runCli(['token', 'ls'], { env })
    expect(listed.stdout).toMatch(new RegExp(`^${created.id as string} ci add,pin$`, 'm'))
    expect(listed.stdout).not.toContain(secret)

    expect((await runCli(['token', 'rm', created.id as string], { env })).code).toBe(0)
    const after = await runCli(['add'], { env: { CAIRN_API_URL: cairn.apiUrl, CAIRN_API_TOKEN: secret }, input: 'late\n' })
    expect(after.code).not.toBe(0)
    expect(after.stderr).toContain('refused the token')
  })
})
