import { randomBytes } from 'node:crypto'
import { chmod, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, tempDataDir, testEnv } from './fixtures/cairn.ts'
import { spawnCairn, waitForListening } from './fixtures/process.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('persistence across restarts', () => {
  let dataDir: string | undefined
  let cairn: TestCairn | undefined

  afterEach(async () => {
    await cairn?.stop()
    cairn = undefined
    if (dataDir != null) {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('serves content added before a restart and keeps its peer ID and token', async () => {
    dataDir = await tempDataDir()
    const bytes = randomBytes(600_000)
    const first = await startCairn({ dataDir })
    const added = await first.kubo.add(bytes)
    const peerId = first.service.node.helia.libp2p.peerId.toString()
    const token = first.token
    await first.stop()

    cairn = await startCairn({ dataDir })
    expect(cairn.service.node.helia.libp2p.peerId.toString()).toBe(peerId)
    expect(cairn.token).toBe(token)
    const res = await fetch(`${cairn.gatewayUrl}/ipfs/${added.cid.toString()}`)
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), bytes)).toBe(0)
    expect(await cairn.service.node.helia.pins.isPinned(added.cid)).toBe(true)
  })

  it('stores a generated API token readable by its owner only', async () => {
    dataDir = await tempDataDir()
    cairn = await startCairn({ dataDir })
    const path = join(dataDir, 'api-token')
    expect((await readFile(path, 'utf8')).trim()).toBe(cairn.token)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('refuses to start, naming the file, when the token or passphrase file is readable by others', async () => {
    dataDir = await tempDataDir()
    const first = await startCairn({ dataDir })
    await first.stop()
    for (const name of ['api-token', 'keychain-pass']) {
      const path = join(dataDir, name)
      await chmod(path, 0o640)
      const proc = spawnCairn(testEnv(dataDir))
      expect(await proc.exited).toBe(2)
      expect(proc.output.join('\n')).toContain(`${path} holds a secret but is readable by group or others (mode 0640); run: chmod 600 ${path}`)
      await chmod(path, 0o600)
    }
  })

  it('exits 0 on SIGTERM after an upload, with the data intact', async () => {
    dataDir = await tempDataDir()
    const proc = spawnCairn(testEnv(dataDir, { CAIRN_LOG_LEVEL: 'info', CAIRN_API_TOKEN: 'sigterm-test-token-0123' }))
    const { apiUrl } = await waitForListening(proc)
    const form = new FormData()
    form.append('file', new Blob(['survives shutdown']), 'a.txt')
    const res = await fetch(`${apiUrl}/api/v0/add`, { method: 'POST', headers: { authorization: 'Bearer sigterm-test-token-0123' }, body: form })
    const { Hash } = await res.json() as { Hash: string }

    proc.child.kill('SIGTERM')
    expect(await proc.exited).toBe(0)
    expect(proc.output.some(line => line.includes('shutdown complete'))).toBe(true)

    cairn = await startCairn({ dataDir })
    const again = await fetch(`${cairn.gatewayUrl}/ipfs/${Hash}`)
    expect(await again.text()).toBe('survives shutdown')
  })
})
