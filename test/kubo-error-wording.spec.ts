import { randomBytes } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import type { TestCairn } from './fixtures/cairn.ts'

/** Kubo's messages, which clients and scripts match on; Cairn's statuses and JSON shape stay. */
describe('Kubo RPC errors in Kubo\'s words', () => {
  let cairn: TestCairn
  let root: CID
  let file: CID
  beforeAll(async () => {
    cairn = await startCairn()
    const added = await Array.fromAsync(cairn.kubo.addAll([{ path: 'site/a.txt', content: new TextEncoder().encode('a') }]))
    root = added.find(entry => entry.path === 'site')!.cid
    file = added.find(entry => entry.path === 'site/a.txt')!.cid
  })
  afterAll(async () => { await cairn.stop() })

  const post = async (command: string, arg: string, query = ''): Promise<{ status: number, body: any }> => {
    const res = await fetch(`${cairn.apiUrl}/api/v0/${command}?arg=${encodeURIComponent(arg)}${query}`, { method: 'POST', headers: cairn.auth })
    return { status: res.status, body: await res.json() }
  }

  it('cat of a name a directory lacks: no link named', async () => {
    expect(await post('cat', `${root.toString()}/missing`)).toEqual({
      status: 404,
      body: { Message: `no link named "missing" under ${root.toString()}`, Code: 0, Type: 'error' }
    })
    await expect(Array.fromAsync(cairn.kubo.cat(`/ipfs/${root.toString()}/missing`))).rejects.toThrow(`no link named "missing" under ${root.toString()}`)
  })

  it('cat of a path that goes on below a file fails instead of answering the file', async () => {
    const { status, body } = await post('cat', `/ipfs/${root.toString()}/a.txt/x`)
    expect(status).toBe(404)
    expect(body.Message).toBe(`no link named "x" under ${file.toString()}`)
  })

  it('cat of a directory: this dag node is a directory', async () => {
    const { status, body } = await post('cat', root.toString())
    expect(status).toBe(400)
    expect(body.Message).toBe('this dag node is a directory')
  })

  it('ls, get, dag/get and pin/ls of a missing name say the same', async () => {
    for (const command of ['ls', 'get', 'dag/get', 'pin/ls', 'pin/add']) {
      const { status, body } = await post(command, `${root.toString()}/missing`)
      expect({ command, status, message: body.Message }).toEqual({ command, status: 404, message: `no link named "missing" under ${root.toString()}` })
    }
    await expect(Array.fromAsync(cairn.kubo.pin.ls({ paths: [`/ipfs/${root.toString()}/missing`] }))).rejects.toThrow(/no link named "missing"/)
  })

  it('get with compress but without archive refuses a directory: file is not regular', async () => {
    const { status, body } = await post('get', root.toString(), '&compress=true')
    expect(status).toBe(400)
    expect(body.Message).toBe('file is not regular')
    const archived = await fetch(`${cairn.apiUrl}/api/v0/get?arg=${root.toString()}&compress=true&archive=true`, { method: 'POST', headers: cairn.auth })
    expect(archived.status).toBe(200)
    expect(archived.headers.get('content-type')).toBe('application/gzip')
  })

  it('a malformed argument: invalid path', async () => {
    for (const command of ['cat', 'ls', 'block/stat', 'dag/get']) {
      const { status, body } = await post(command, 'not-a-cid')
      expect(status).toBe(400)
      expect(body.Message).toMatch(/^invalid path "not-a-cid": /)
    }
  })

  it('block/rm of a block that is not here: block not found', async () => {
    const cid = CID.createV1(raw.code, await sha256.digest(randomBytes(16)))
    const [removed] = await Array.fromAsync(cairn.kubo.block.rm(cid))
    expect(removed?.error?.message).toContain('block not found')
    expect(removed?.error?.message).toContain(`ipld: could not find ${cid.toString()}`)
  })

  it('pin/add of a CID nobody has fails at once when there is no peer to ask', async () => {
    const cid = CID.createV1(raw.code, await sha256.digest(randomBytes(16)))
    const started = Date.now()
    await expect(cairn.kubo.pin.add(cid)).rejects.toThrow(`block was not found locally (offline): ipld: could not find ${cid.toString()}`)
    // the fetch timeout is 3 s in tests
    expect(Date.now() - started).toBeLessThan(1500)
    expect(await Array.fromAsync(cairn.service.node.helia.pins.ls())).toHaveLength(1)
  })
})
