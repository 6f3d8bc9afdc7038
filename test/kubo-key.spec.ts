import { createPrivateKey } from 'node:crypto'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { base36 } from 'multiformats/bases/base36'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { kuboKeyId, pemEd25519Key, rpc } from './fixtures/keys.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('key/* over the Kubo RPC', () => {
  let cairn: TestCairn

  beforeEach(async () => {
    cairn = await startCairn()
  })

  afterEach(async () => {
    await cairn.stop()
  })

  it('lists the node key as self, with its peer ID as id', async () => {
    const peerId = cairn.service.node.helia.libp2p.peerId
    expect(await cairn.kubo.key.list()).toEqual([{ name: 'self', id: peerId.toCID().toString(base36) }])

    const legacy = await (await rpc(cairn, 'key/ls', { 'ipns-base': 'b58mh', l: 'true' })).json()
    expect(legacy).toEqual({ Keys: [{ Name: 'self', Id: peerId.toString() }] })
  })

  it('generates, renames and removes keys, as kubo-rpc-client sees them', async () => {
    const alpha = await cairn.kubo.key.gen('alpha')
    expect(alpha.name).toBe('alpha')
    expect(alpha.id).toMatch(/^k51/)
    const rsa = await cairn.kubo.key.gen('beta', { type: 'rsa', size: 2048 })
    expect(rsa.id).toMatch(/^k2k4r8/)
    expect((await cairn.kubo.key.list()).map(k => k.name)).toEqual(['self', 'alpha', 'beta'])

    expect(await cairn.kubo.key.rename('alpha', 'gamma')).toEqual({ was: 'alpha', now: 'gamma', id: alpha.id, overwrite: false })
    expect(await cairn.kubo.key.list()).toContainEqual({ name: 'gamma', id: alpha.id })

    expect((await rpc(cairn, 'key/rename', { arg: ['gamma', 'beta'] })).status).toBe(409)
    const forced = await rpc(cairn, 'key/rename', { arg: ['gamma', 'beta'], force: 'true' })
    expect(await forced.json()).toEqual({ Was: 'gamma', Now: 'beta', Id: alpha.id, Overwrite: true })

    expect(await cairn.kubo.key.rm('beta')).toEqual({ name: 'beta', id: alpha.id })
    expect(await cairn.kubo.key.list()).toEqual([{ name: 'self', id: expect.stringMatching(/^k51/) }])
  })

  it('refuses what Kubo refuses, with its statuses', async () => {
    await cairn.kubo.key.gen('taken')
    const cases: Array<[string, Record<string, string | string[]>, number]> = [
      ['key/gen', { arg: 'taken' }, 409],
      ['key/gen', { arg: 'self' }, 400],
      ['key/gen', { arg: 'a/b' }, 400],
      ['key/gen', { arg: 'x', type: 'dsa' }, 400],
      ['key/gen', { arg: 'x', type: 'rsa', size: '1024' }, 400],
      ['key/gen', {}, 400],
      ['key/rm', { arg: 'self' }, 400],
      ['key/rm', { arg: 'missing' }, 404],
      ['key/rm', { arg: ['taken', 'missing'] }, 404],
      ['key/rename', { arg: ['self', 'other'] }, 400],
      ['key/rename', { arg: ['taken', 'self'], force: 'true' }, 400],
      ['key/rename', { arg: ['missing', 'other'] }, 404],
      ['key/ls', { 'ipns-base': 'nope' }, 400]
    ]
    for (const [path, params, status] of cases) {
      const res = await rpc(cairn, path, params)
      expect({ path, params, status: res.status }).toEqual({ path, params, status })
      expect((await res.json()).Type).toBe('error')
    }
    // the failed rm of two keys removed neither
    expect((await cairn.kubo.key.list()).map(k => k.name)).toEqual(['self', 'taken'])
  })

  it('imports an encrypted PEM the way kubo-rpc-client sends it', async () => {
    const { pem, key } = pemEd25519Key('correct horse battery')
    expect(await cairn.kubo.key.import('pem', pem, 'correct horse battery')).toEqual({ name: 'pem', id: kuboKeyId(key) })

    const wrong = await rpc(cairn, 'key/import', { arg: 'other', pem, password: 'wrong horse' })
    expect(wrong.status).toBe(400)
  })

  it('imports and exports a libp2p protobuf key file, byte for byte', async () => {
    const key = await generateKeyPair('Ed25519')
    const protobuf = Buffer.from(privateKeyToProtobuf(key))
    const form = new FormData()
    form.append('file', new Blob([protobuf]), 'key')
    const imported = await rpc(cairn, 'key/import', { arg: 'file' }, form)
    expect(await imported.json()).toEqual({ Name: 'file', Id: kuboKeyId(key) })

    const exported = await rpc(cairn, 'key/export', { arg: 'file' })
    expect(Buffer.from(await exported.arrayBuffer())).toEqual(protobuf)

    const pem = await (await rpc(cairn, 'key/export', { arg: 'file', format: 'pem-pkcs8-cleartext' })).text()
    const raw = createPrivateKey(pem).export({ format: 'jwk' })
    expect(Buffer.from(raw.x ?? '', 'base64url')).toEqual(Buffer.from(key.publicKey.raw))

    const again = new FormData()
    again.append('file', new Blob([pem]), 'key.pem')
    const fromPem = await rpc(cairn, 'key/import', { arg: 'copy', format: 'pem-pkcs8-cleartext' }, again)
    expect(await fromPem.json()).toEqual({ Name: 'copy', Id: kuboKeyId(key) })

    const garbage = new FormData()
    garbage.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'key')
    expect((await rpc(cairn, 'key/import', { arg: 'bad' }, garbage)).status).toBe(400)
  })
})
