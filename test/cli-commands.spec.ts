import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCairn } from './fixtures/cairn.ts'
import { jsonOf, runCli } from './fixtures/cli.ts'
import type { TestCairn } from './fixtures/cairn.ts'

describe('cairn add, cat, pin, key, name, status', () => {
  let cairn: TestCairn
  let work: string
  /** Through CAIRN_API_URL and the token file of the node's data directory, as on the node's own machine. */
  let env: Record<string, string>
  const cli = async (...args: string[]) => runCli(args, { env })

  beforeAll(async () => {
    cairn = await startCairn()
    env = { CAIRN_API_URL: cairn.apiUrl, CAIRN_DATA: cairn.dataDir }
    work = await mkdtemp(join(tmpdir(), 'cairn-cli-'))
    await mkdir(join(work, 'notes', 'deep'), { recursive: true })
    await writeFile(join(work, 'notes', 'a.txt'), 'alpha\n')
    await writeFile(join(work, 'notes', 'deep', 'b.txt'), 'beta\n')
    await writeFile(join(work, 'hello.txt'), 'hello world\n')
  })
  afterAll(async () => {
    await cairn.stop()
    await rm(work, { recursive: true, force: true })
  })

  it('add: a file, a folder and standard input, with the CIDs a Kubo client gets', async () => {
    const file = await cli('add', join(work, 'hello.txt'))
    expect(file.code, file.stderr).toBe(0)
    expect(file.stdout).toBe('added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o hello.txt\n')

    const folder = jsonOf(await cli('add', join(work, 'notes'), '--cid-version', '1', '--json'))
    const expected = await Array.fromAsync(cairn.kubo.addAll([
      { path: 'notes/a.txt', content: 'alpha\n' },
      { path: 'notes/deep/b.txt', content: 'beta\n' }
    ], { cidVersion: 1, onlyHash: true }))
    const byName = (list: Array<{ name?: string, path?: string, cid: unknown }>) => Object.fromEntries(list.map(e => [e.name ?? e.path, String(e.cid)]))
    expect(byName(folder.added)).toEqual(byName(expected))
    expect(folder.added.at(-1).name).toBe('notes')

    const stdin = await runCli(['add', '-Q'], { env, input: 'from a pipe\n' })
    const { cid } = await cairn.kubo.add('from a pipe\n', { onlyHash: true })
    expect(stdin.stdout).toBe(`${cid.toString()}\n`)
  })

  it('cat: the bytes, or a range of them', async () => {
    const { cid } = await cairn.kubo.add('0123456789')
    expect((await cli('cat', cid.toString())).stdout).toBe('0123456789')
    expect((await cli('cat', `/ipfs/${cid.toString()}`, '--offset', '2', '--length', '3')).stdout).toBe('234')
  })

  it('pin add, ls and rm, with names', async () => {
    const { cid } = await cairn.kubo.add('pin me', { pin: false })
    const added = await cli('pin', 'add', cid.toString(), '--name', 'keeper')
    expect(added.stdout).toBe(`pinned ${cid.toString()} recursively\n`)
    expect(jsonOf(await cli('pin', 'ls', '--name', 'keeper', '--json'))).toEqual({ pins: [{ cid: cid.toString(), type: 'recursive', name: 'keeper' }] })
    expect((await cli('pin', 'ls')).stdout).toContain(`${cid.toString()} recursive keeper\n`)
    expect(jsonOf(await cli('pin', 'rm', cid.toString(), '--json'))).toEqual({ unpinned: [cid.toString()] })
    expect((await cli('pin', 'ls')).stdout).not.toContain(cid.toString())
  })

  it('key gen, ls and rm', async () => {
    const gen = await cli('key', 'gen', 'blog')
    expect(gen.code, gen.stderr).toBe(0)
    const id = gen.stdout.trim()
    expect((await cairn.kubo.key.list()).find(k => k.name === 'blog')?.id).toBe(id)
    expect(jsonOf(await cli('key', 'ls', '--json')).keys).toContainEqual({ name: 'blog', id })
    expect((await cli('key', 'rm', 'blog')).stdout).toBe(`removed ${id} blog\n`)
    expect((await cli('key', 'ls')).stdout).not.toContain(id)
  })

  it('name publish, resolve and ls', async () => {
    const { cid } = await cairn.kubo.add('named content')
    const id = (await cli('key', 'gen', 'news')).stdout.trim()
    // a node without peers stores the record but says no peer took it, as Kubo does
    const refused = await cli('name', 'publish', cid.toString(), '--key', 'news')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('allow-offline')

    const published = jsonOf(await cli('name', 'publish', `/ipfs/${cid.toString()}`, '--key', 'news', '--allow-offline', '--json'))
    expect(published).toEqual({ name: id, value: `/ipfs/${cid.toString()}` })
    expect((await cli('name', 'resolve', id)).stdout).toBe(`/ipfs/${cid.toString()}\n`)
    const listed = jsonOf(await cli('name', 'ls', '--json')).names.find((n: { key: string }) => n.key === 'news')
    expect(listed).toMatchObject({ name: id, value: `/ipfs/${cid.toString()}`, sequence: '1' })
  })

  it('status: peer ID, addresses, peers and storage', async () => {
    const status = jsonOf(await cli('status', '--json'))
    const libp2p = cairn.service.node.helia.libp2p
    expect(status.peerId).toBe(libp2p.peerId.toString())
    expect(status.addresses).toEqual(libp2p.getMultiaddrs().map(ma => ma.toString()))
    expect(status.peers).toEqual([])
    expect(status.storage.blocks).toBeGreaterThan(0)
    expect(status.storage.usedBytes).toBeGreaterThan(0)
    expect(status.storage.maxBytes).toBeGreaterThan(status.storage.usedBytes)
    const text = await cli('status')
    expect(text.stdout).toMatch(new RegExp(`^peer ID\\s+${libp2p.peerId.toString()}$`, 'm'))
    expect(text.stdout).toMatch(/^storage\s+.* used of .*, \d+ blocks$/m)
  })
})
