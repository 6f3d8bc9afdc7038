import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { keychain } from '@ipshipyard/keychain'
import { loadOrCreateSelfKey } from '@libp2p/config'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { LevelDatastore } from 'datastore-level'
import { createHeliaLight } from 'helia'
import { Key } from 'interface-datastore'
import { base36 } from 'multiformats/bases/base36'
import { afterEach, describe, expect, it } from 'vitest'
import { startCairn, tempDataDir } from './fixtures/cairn.ts'
import { rpc } from './fixtures/keys.ts'
import type { TestCairn } from './fixtures/cairn.ts'

// the key types Helia reads, without starting a node
const { getCrypto } = createHeliaLight()

/** Opens the data directory's LevelDB, as the node left it, for the time of `work`. */
async function withDatastore<T> (dataDir: string, work: (datastore: LevelDatastore) => Promise<T>): Promise<T> {
  const datastore = new LevelDatastore(join(dataDir, 'datastore'))
  await datastore.open()
  try {
    return await work(datastore)
  } finally {
    await datastore.close()
  }
}

describe('the keychain at rest', () => {
  let dataDir: string
  let cairn: TestCairn | undefined

  afterEach(async () => {
    await cairn?.stop()
    cairn = undefined
    await rm(dataDir, { recursive: true, force: true })
  })

  it('keeps keys and the peer ID across a restart, encrypted with the generated passphrase', async () => {
    dataDir = await tempDataDir()
    const first = await startCairn({ dataDir })
    const kept = await first.kubo.key.gen('kept')
    const secret = Buffer.from(await (await rpc(first, 'key/export', { arg: 'kept' })).arrayBuffer())
    const peerId = first.service.node.helia.libp2p.peerId.toString()
    await first.stop()

    const pass = (await readFile(join(dataDir, 'keychain-pass'), 'utf8')).trim()
    expect(pass.length).toBeGreaterThanOrEqual(40)
    expect((await stat(join(dataDir, 'keychain-pass'))).mode & 0o777).toBe(0o600)

    // the Ed25519 seed is the first 32 bytes of the protobuf's Data field (after a 4-byte header)
    const seed = secret.subarray(4, 36)
    const forms = [secret, seed, Buffer.from(seed.toString('base64')), Buffer.from(seed.toString('base64url')), Buffer.from(seed.toString('hex'))]
    expect(secret.byteLength).toBe(68)
    const values = await withDatastore(dataDir, async (datastore) => Array.fromAsync(datastore.query({})))
    expect(values.map(({ key }) => key.toString())).toContain('/pkcs8/kept')
    for (const { key, value } of values) {
      for (const form of forms) {
        expect({ key: key.toString(), leaks: Buffer.from(value).includes(form) }).toEqual({ key: key.toString(), leaks: false })
      }
    }

    await withDatastore(dataDir, async (datastore) => {
      const unlocked = await keychain({ password: pass })({ datastore, getCrypto }).exportKey('kept')
      expect(Buffer.from(unlocked.toProtobuf())).toEqual(secret)
      await expect(keychain()({ datastore, getCrypto }).exportKey('kept')).rejects.toThrow(expect.objectContaining({ name: 'DecryptionFailedError' }))
    })

    cairn = await startCairn({ dataDir })
    expect(cairn.service.node.helia.libp2p.peerId.toString()).toBe(peerId)
    expect(await cairn.kubo.key.list()).toEqual([
      { name: 'self', id: cairn.service.node.helia.libp2p.peerId.toCID().toString(base36) },
      { name: 'kept', id: kept.id }
    ])
  })

  it('refuses to start with another passphrase than the keychain was encrypted with', async () => {
    dataDir = await tempDataDir()
    await (await startCairn({ dataDir, env: { CAIRN_KEYCHAIN_PASS: 'the first passphrase of all' } })).stop()
    await expect(startCairn({ dataDir, env: { CAIRN_KEYCHAIN_PASS: 'a different passphrase here' } })).rejects.toThrow(/another passphrase/)
    await expect(startCairn({ dataDir, env: { CAIRN_KEYCHAIN_PASS: 'too short pass' } })).rejects.toThrow(/at least 20/)
  })

  it('encrypts a data directory whose peer key was stored without a passphrase, keeping its peer ID', async () => {
    dataDir = await tempDataDir()
    // how @helia/libp2p stored the peer key before Cairn had a keychain passphrase
    const legacyKey = await withDatastore(dataDir, async (datastore) => loadOrCreateSelfKey(datastore))

    cairn = await startCairn({ dataDir })
    expect(cairn.service.node.helia.libp2p.peerId.toString()).toBe(peerIdFromPrivateKey(legacyKey).toString())
    await cairn.stop()
    cairn = undefined

    await withDatastore(dataDir, async (datastore) => {
      expect(await datastore.has(new Key('/pkcs8/self'))).toBe(true)
      await expect(keychain()({ datastore, getCrypto }).exportKey('self')).rejects.toThrow(expect.objectContaining({ name: 'DecryptionFailedError' }))
    })
  })
})
