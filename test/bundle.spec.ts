import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { builds, isStale, OUT_DIR, ROOT } from '../scripts/bundle.ts'
import type { Metafile } from 'esbuild'
import type * as PublicProfile from '../src/network/public-profile.ts'

/** Packages of the public network stack, which the private profile never loads. */
const PUBLIC_STACK = /node_modules\/(?:@libp2p\/(?:webrtc|upnp-nat|autonat|bootstrap|circuit-relay-v2|websockets)|@ipshipyard\/libp2p-auto-tls|acme-client|@achingbrain\/ssdp|@helia\/delegated-routing-v1-http-api-client)\//

async function outputInputs (name: string): Promise<string[]> {
  // test/global-setup.ts built bundle/ before any spec ran
  const meta = JSON.parse(await readFile(join(OUT_DIR, 'meta.json'), 'utf8')) as Metafile
  return Object.keys(meta.outputs[`bundle/${name}`]?.inputs ?? {})
}

describe('the service bundles', () => {
  it('leave the public network stack out of the private service, which npm start runs by default', async () => {
    const privateInputs = await outputInputs('service-private.js')
    const publicInputs = await outputInputs('service-public.js')
    expect(privateInputs).toContain('src/node.ts')
    expect(privateInputs.filter(input => PUBLIC_STACK.test(input))).toEqual([])
    expect(publicInputs.filter(input => PUBLIC_STACK.test(input)).length).toBeGreaterThan(0)
    expect(publicInputs).toContain('src/network/public-profile.ts')
  })

  it('run the public stack bundled: its profile module loads and composes the public services', async () => {
    // the public build's options on the profile module alone, so that it can be imported and called without starting a node
    const { build } = await import('esbuild')
    const outdir = join(OUT_DIR, `test-public-profile-${process.pid}`)
    try {
      await build({ ...builds()['service-public'], entryPoints: { profile: join(ROOT, 'src/network/public-profile.ts') }, outdir, metafile: false })
      const { publicProfile } = await import(join(outdir, 'profile.js')) as typeof PublicProfile
      const profile = publicProfile({ listen: ['/ip4/127.0.0.1/tcp/0'] })
      expect(Object.keys(profile.services)).toEqual(expect.arrayContaining(['dht', 'upnp', 'autoNAT', 'identify']))
    } finally {
      await rm(outdir, { recursive: true, force: true })
    }
  // an esbuild of the whole public stack: seconds alone, a minute on a loaded machine
  }, 180_000)
})

describe('isStale', () => {
  let root: string
  const out = (): string => join(root, 'bundle')

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cairn-bundle-'))
    await mkdir(join(root, 'src'))
    await mkdir(out())
    await writeFile(join(root, 'src/a.ts'), 'export const a = 1\n')
    await writeFile(join(root, 'build.ts'), '')
    await writeFile(join(out(), 'x.js'), '')
    // built 30 s ago from sources a minute old
    const meta = { inputs: { 'src/a.ts': {}, 'virtual:stub': {} }, outputs: { 'bundle/x.js': {} }, startedMs: Date.now() - 30_000 }
    await writeFile(join(out(), 'meta.json'), JSON.stringify(meta))
    const past = new Date(Date.now() - 60_000)
    await utimes(join(root, 'src/a.ts'), past, past)
    await utimes(join(root, 'build.ts'), past, past)
  })

  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  const stale = async (): Promise<boolean> => isStale(out(), root, [join(root, 'build.ts')])

  it('is fresh when nothing changed since the build', async () => {
    expect(await stale()).toBe(false)
  })

  it('is stale when a source changed after the build, or the build script did', async () => {
    await writeFile(join(root, 'src/a.ts'), 'export const a = 2\n')
    expect(await stale()).toBe(true)
    await utimes(join(root, 'src/a.ts'), new Date(0), new Date(0))
    expect(await stale()).toBe(false)
    await writeFile(join(root, 'build.ts'), '// changed\n')
    expect(await stale()).toBe(true)
  })

  it('is stale when a source was saved while the build ran', async () => {
    const during = new Date(Date.now() - 29_000)
    await utimes(join(root, 'src/a.ts'), during, during)
    expect(await stale()).toBe(true)
  })

  it('is stale when a source or an output is gone, or nothing was built', async () => {
    await rm(join(root, 'src/a.ts'))
    expect(await stale()).toBe(true)
    await writeFile(join(root, 'src/a.ts'), '')
    await utimes(join(root, 'src/a.ts'), new Date(0), new Date(0))
    await rm(join(out(), 'x.js'))
    expect(await stale()).toBe(true)
    await rm(out(), { recursive: true })
    expect(await stale()).toBe(true)
  })
})
