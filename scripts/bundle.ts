/**
 * Bundles the service into bundle/ so that it starts in well under a second
 * (bench/profiling.md, round two): Node then reads four files instead of ~2,000
 * modules, and only what the service uses.
 *
 * - bundle/cairn.js: `npm start` and the image run this. It turns on Node's
 *   compile cache, then loads one of the two service bundles below.
 * - bundle/service-private.js: the service without the public network stack
 *   (UPnP, AutoNAT, relays, WebRTC, AutoTLS, delegated routing): the default.
 * - bundle/service-public.js: the whole service, for CAIRN_NETWORK=public.
 *   Two bundles rather than one split build: esbuild assigns whole files to
 *   chunks by every import a file has, used or not, so a split build put the
 *   public stack (helia's and @helia/libp2p's index files import it) in the
 *   chunk the private service loads.
 * - bundle/cli.js: the `cairn` program of the image (its `daemon` goes
 *   through cairn.js's start).
 *
 * `node scripts/bundle.ts` builds; `--if-stale` builds only when an input of
 * the last build (any source file or package file esbuild read, this script,
 * package-lock.json) is newer than it or gone, so `npm start` never runs old code.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ownSourceMap } from './own-source-map.ts'
import type { BuildOptions, Metafile, Plugin } from 'esbuild'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** One level below the root, as routes/ is: routes/console.ts finds ../console/dist from both. */
export const OUT_DIR = join(ROOT, 'bundle')
const META = join(OUT_DIR, 'meta.json')
/** Files whose change changes every bundle without being an input esbuild reads. */
const BUILD_INPUTS = [fileURLToPath(import.meta.url), join(ROOT, 'package-lock.json')]

/**
 * Packages that find files beside their own modules at run time (a native
 * addon, a .wasm file, their package.json): bundled, they would look beside
 * bundle/ instead. They load from node_modules as they are.
 */
const EXTERNAL = ['classic-level', 'rabin-wasm', '@achingbrain/ssdp', 'node-datachannel']

/**
 * Bundled modules that name their own location but only on paths Cairn never
 * takes: pino's worker transports (Cairn logs to a stream), commander's
 * subcommands run as separate programs (Cairn's are functions), and undici,
 * which guards with `typeof __filename`.
 */
const LOCATION_OK = ['pino', 'thread-stream', 'commander', 'undici']
const LOCATION = /__dirname|__filename|createRequire\(\s*import\.meta\.url\s*\)|import\.meta\.(?:url|dirname|filename)/

/** The private service's stand-in for the public profile: cairn.js loads the public bundle for that profile. */
const noPublicProfile: Plugin = {
  name: 'no-public-profile',
  setup (build) {
    build.onResolve({ filter: /\/public-profile\.ts$/ }, () => ({ path: 'public-profile', namespace: 'no-public-profile' }))
    build.onLoad({ filter: /.*/, namespace: 'no-public-profile' }, () => ({
      contents: 'export function withPublicNetwork () { throw new Error("bundle/service-private.js has no public profile: start bundle/cairn.js, which loads bundle/service-public.js for it") }',
      loader: 'js'
    }))
  }
}

/** start.ts runs ./main.ts from source only; in a bundle it loads a service bundle instead. */
const sourceOnlyMain: Plugin = {
  name: 'source-only-main',
  setup (build) {
    build.onResolve({ filter: /^\.\/main\.ts$/ }, args => args.importer.endsWith(join('src', 'start.ts')) ? { path: args.path, external: true } : undefined)
  }
}

const COMMON: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  outdir: OUT_DIR,
  sourcemap: 'linked',
  // stack traces need the mappings only; the sources are in src/ and node_modules
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  external: EXTERNAL,
  // CommonJS dependencies require Node's built-ins
  banner: { js: 'import { createRequire as __cairnCreateRequire } from \'node:module\'; const require = __cairnCreateRequire(import.meta.url);' }
}

/** The four builds, by output name. */
export function builds (): Record<string, BuildOptions> {
  return {
    cairn: { ...COMMON, entryPoints: { cairn: join(ROOT, 'src/start.ts') }, plugins: [sourceOnlyMain] },
    cli: { ...COMMON, entryPoints: { cli: join(ROOT, 'src/cli/bin.ts') }, plugins: [sourceOnlyMain] },
    'service-private': { ...COMMON, entryPoints: { 'service-private': join(ROOT, 'src/main.ts') }, plugins: [noPublicProfile] },
    'service-public': { ...COMMON, entryPoints: { 'service-public': join(ROOT, 'src/main.ts') } }
  }
}

/** Builds every bundle into bundle/ and records the inputs (bundle/meta.json). */
export async function buildBundles (): Promise<Metafile> {
  const { build } = await import('esbuild')
  // inputs are compared with when the build began, so that a file saved while it ran counts as newer
  const startedMs = Date.now()
  await rm(OUT_DIR, { recursive: true, force: true })
  const results = await Promise.all(Object.values(builds()).map(async options => build(options)))
  const meta: Metafile = { inputs: {}, outputs: {} }
  for (const { metafile } of results) {
    Object.assign(meta.inputs, metafile?.inputs)
    Object.assign(meta.outputs, metafile?.outputs)
  }
  await assertNoLocationLookups(meta)
  for (const output of Object.keys(meta.outputs).filter(name => name.endsWith('.map'))) {
    const path = join(ROOT, output)
    const map = JSON.parse(await readFile(path, 'utf8')) as Parameters<typeof ownSourceMap>[0]
    await writeFile(path, JSON.stringify(ownSourceMap(map, source => !source.includes('node_modules/'))))
  }
  await writeFile(META, JSON.stringify({ ...meta, startedMs } satisfies BuildRecord))
  return meta
}

/** Fails the build when a bundled package would look for files beside bundle/ (see EXTERNAL). */
async function assertNoLocationLookups (meta: Metafile): Promise<void> {
  const offenders = new Set<string>()
  for (const input of Object.keys(meta.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]
    if (pkg == null || LOCATION_OK.includes(pkg)) {
      continue
    }
    if (LOCATION.test(await readFile(join(ROOT, input), 'utf8'))) {
      offenders.add(`${pkg} (${input})`)
    }
  }
  if (offenders.size > 0) {
    throw new Error(`bundled modules look for files beside themselves; add their packages to EXTERNAL in scripts/bundle.ts or, if the path is never taken, to LOCATION_OK:\n  ${[...offenders].join('\n  ')}`)
  }
}

/** bundle/meta.json: esbuild's record of every input and output, and when the build began. */
export type BuildRecord = Metafile & { startedMs: number }

/**
 * Whether bundle/ is missing, or older than anything it was built from: a
 * file the last build read (src/, routes/, node_modules) changed since the
 * build began or went away, or this script or package-lock.json changed. A
 * new source file counts once an existing one imports it, which changes that one.
 */
export async function isStale (outDir = OUT_DIR, root = ROOT, buildInputs = BUILD_INPUTS): Promise<boolean> {
  let record: BuildRecord
  try {
    record = JSON.parse(await readFile(join(outDir, 'meta.json'), 'utf8')) as BuildRecord
  } catch {
    return true
  }
  const mtimes = async (paths: string[]): Promise<number[]> => Promise.all(paths.map(async path => (await stat(path)).mtimeMs))
  try {
    await mtimes(Object.keys(record.outputs).map(output => join(root, output)))
    const inputs = [...Object.keys(record.inputs).filter(input => !input.includes(':')).map(input => join(root, input)), ...buildInputs]
    return !(Math.max(...await mtimes(inputs)) < record.startedMs)
  } catch {
    // an output or an input is gone
    return true
  }
}

if (import.meta.main) {
  if (process.argv.includes('--if-stale') && !await isStale()) {
    process.exit(0)
  }
  const began = performance.now()
  const meta = await buildBundles()
  const sizes = Object.entries(meta.outputs).filter(([name]) => name.endsWith('.js')).map(([name, { bytes }]) => `${relative(OUT_DIR, join(ROOT, name))} ${(bytes / 1e6).toFixed(1)} MB`)
  process.stderr.write(`bundled in ${((performance.now() - began) / 1000).toFixed(1)} s: ${sizes.join(', ')}\n`)
}
