import { readFile, writeFile } from 'node:fs/promises'

const LATEST = '## Latest run'
const HISTORY = '## History'

const PREAMBLE = `# Benchmark results

Written by \`npm run bench\` (a full run, no BENCH_ONLY). Cairn runs as \`npm start\`
runs it, a separate process on loopback with a fresh data dir; every figure is
set beside its anchor measured in the same round (sha256 of the same bytes,
\`ipfs-car pack\`, bare Hono from memory, the disk, a plain Helia peer), and the
in-process imports use the same importer settings and stores Cairn opens.
RSS is the Cairn process's (VmHWM after resetting it, in MiB). Each run moves
the one before it into the history below. Causes, fixes and before/after
figures: [profiling.md](profiling.md).
`

export interface RunResults {
  date: string
  about: string
  tables: string
}

/** Writes the run as the latest, and keeps what was latest at the top of the history. */
export async function writeResults (path: string, run: RunResults): Promise<void> {
  const before = await readFile(path, 'utf8').catch(() => '')
  const latestAt = before.indexOf(LATEST)
  const historyAt = before.indexOf(HISTORY)
  const previous = latestAt === -1 ? '' : before.slice(latestAt + LATEST.length, historyAt === -1 ? undefined : historyAt).trim()
  const older = historyAt === -1 ? '' : before.slice(historyAt + HISTORY.length).trim()
  const history = [previous === '' ? '' : `### ${previous.replace(/^\n*/, '')}`, older].filter(part => part !== '').join('\n\n')
  await writeFile(path, `${PREAMBLE}
${LATEST}

${run.date}: ${run.about}

${run.tables.replaceAll('### ', '#### ')}

${HISTORY}

${history}
`)
}
