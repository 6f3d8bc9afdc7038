import { afterEach, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('shutdown', () => {
  let cairn: TestCairn | undefined
  afterEach(async () => { await cairn?.stop() })

  it('needs the token', async () => {
    cairn = await startCairn()
    const res = await fetch(`${cairn.apiUrl}/api/v0/shutdown`, { method: 'POST' })
    expect(res.status).toBe(401)
    expect(cairn.service.node.status).toBe('started')
  })

  it('answers, then stops the service cleanly: no more requests, the node stopped and its stores closed', async () => {
    cairn = await startCairn()
    const { cid } = await cairn.kubo.add('kept across the stop')
    await cairn.kubo.stop()
    const node = cairn.service.node
    await expect.poll(() => node.status, { timeout: 5000 }).toBe('stopped')
    await expect(fetch(`${cairn.apiUrl}/api/v0/version`, { method: 'POST', headers: cairn.auth })).rejects.toThrow()
    expect(node.signal.aborted).toBe(true)

    // the data directory was closed cleanly: a new node on it has the pinned content
    const again = await startCairn({ dataDir: cairn.dataDir })
    try {
      expect(Buffer.concat(await Array.fromAsync(again.kubo.cat(cid))).toString()).toBe('kept across the stop')
    } finally {
      await again.stop()
    }
  })
})
