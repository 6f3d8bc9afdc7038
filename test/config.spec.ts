import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { spawnCairn } from './fixtures/process.ts'

describe('configuration', () => {
  it('defaults to a private node on loopback with the documented ports', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      httpHost: '127.0.0.1',
      httpPort: 8080,
      network: 'private',
      listen: ['/ip4/127.0.0.1/tcp/4001'],
      peers: [],
      loopbackOnly: false
    })
    expect(config.dataDir).toMatch(/\.cairn$/)
  })

  it('turns search on for the private profile only, unless told, and bounds its settings', () => {
    expect(parseConfig({})).toMatchObject({ searchEnabled: true, searchIndexDepth: 3, searchMaxTerms: 1000, searchRelayRate: 5 })
    expect(parseConfig({ CAIRN_NETWORK: 'public' }).searchEnabled).toBe(false)
    expect(parseConfig({ CAIRN_NETWORK: 'public', CAIRN_SEARCH_ENABLED: 'true' }).searchEnabled).toBe(true)
    expect(parseConfig({}, ['--search-enabled', 'false', '--search-index-depth', '0']).searchEnabled).toBe(false)
    expect(() => parseConfig({ CAIRN_SEARCH_RELAY_RATE: '0', CAIRN_SEARCH_INDEX_DEPTH: '-1' })).toThrow(/CAIRN_SEARCH_RELAY_RATE[\s\S]*CAIRN_SEARCH_INDEX_DEPTH|CAIRN_SEARCH_INDEX_DEPTH[\s\S]*CAIRN_SEARCH_RELAY_RATE/)
  })

  it('reads lists from the environment and lets flags win', () => {
    const config = parseConfig(
      { CAIRN_HTTP_PORT: '9000', CAIRN_LISTEN: '/ip4/127.0.0.1/tcp/1, /ip4/127.0.0.1/tcp/2' },
      ['--http-port', '9001', '--network', 'public']
    )
    expect(config.httpPort).toBe(9001)
    expect(config.network).toBe('public')
    expect(config.listen).toEqual(['/ip4/127.0.0.1/tcp/1', '/ip4/127.0.0.1/tcp/2'])
  })

  it('names every bad setting with its variable and flag', () => {
    expect(() => parseConfig({ CAIRN_HTTP_PORT: 'eighty', CAIRN_NETWORK: 'lan', CAIRN_PEERS: '/ip4/127.0.0.1/tcp/1,tcp://nowhere' }))
      .toThrow(/CAIRN_HTTP_PORT \(--http-port\)[\s\S]*CAIRN_NETWORK \(--network\)[\s\S]*CAIRN_PEERS \(--peers\).*tcp:\/\/nowhere/)
    expect(() => parseConfig({}, ['--no-such-flag'])).toThrow(/no-such-flag/)
  })

  it('reads secrets from files, and refuses a file beside its variable or one it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-secret-'))
    try {
      const tokenFile = join(dir, 'token')
      const token = randomBytes(24).toString('hex')
      await writeFile(tokenFile, `${token}\n`, { mode: 0o600 })
      expect(parseConfig({ CAIRN_API_TOKEN_FILE: tokenFile }).apiToken).toBe(token)
      expect(parseConfig({}, ['--api-token-file', tokenFile]).apiToken).toBe(token)
      expect(() => parseConfig({ CAIRN_API_TOKEN_FILE: tokenFile, CAIRN_API_TOKEN: token }))
        .toThrow(/CAIRN_API_TOKEN_FILE \(--api-token-file\): set either it or CAIRN_API_TOKEN/)
      expect(() => parseConfig({ CAIRN_KEYCHAIN_PASS_FILE: join(dir, 'absent'), CAIRN_HTTP_PORT: 'x' }))
        .toThrow(/CAIRN_KEYCHAIN_PASS_FILE \(--keychain-pass-file\): cannot read .*ENOENT[\s\S]*CAIRN_HTTP_PORT/)
      // the file's content is validated as the variable's would be
      await writeFile(tokenFile, 'short')
      expect(() => parseConfig({ CAIRN_API_TOKEN_FILE: tokenFile })).toThrow(/CAIRN_API_TOKEN \(--api-token\): must be at least 16/)
      // a secret others can read is refused, naming the file
      await chmod(tokenFile, 0o644)
      expect(() => parseConfig({ CAIRN_API_TOKEN_FILE: tokenFile })).toThrow(new RegExp(`CAIRN_API_TOKEN_FILE \\(--api-token-file\\): ${tokenFile}.*readable by group or others \\(mode 0644\\)`))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('exits with code 2 and a clear message on bad configuration', async () => {
    const proc = spawnCairn({ CAIRN_NETWORK: 'everywhere' })
    expect(await proc.exited).toBe(2)
    expect(proc.output.join('\n')).toMatch(/CAIRN_NETWORK/)
  })
})
