/**
 * Reads vitest's JSON report (`--reporter=json --outputFile.json=<file>`),
 * prints how many tests passed, failed and were skipped, and fails when a
 * test was skipped that should have run on this machine. A skip is expected
 * only when what it waits for is really missing here: an opt-in measurement
 * (CAIRN_MEASURE unset), the reference fixtures beside the repository
 * (../shared), or Debian's chromium. Anything else skipped is a test that
 * silently stopped testing, and CI says so.
 *
 *   node test/ci/report.ts <report.json>
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

interface Assertion { status: string, fullName: string }
interface FileResult { name: string, assertionResults: Assertion[] }
interface Report { numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number, testResults: FileResult[] }

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** What a spec file may wait for, read from its source, and whether this machine lacks it. */
const CAUSES: Array<{ what: string, uses: RegExp, missing: () => boolean }> = [
  { what: 'CAIRN_MEASURE (opt-in measurement)', uses: /CAIRN_MEASURE/, missing: () => process.env.CAIRN_MEASURE == null },
  { what: '../shared reference fixtures', uses: /hasConformanceFixtures|hasIpnsRecordFixtures/, missing: () => !existsSync(resolve(ROOT, '..', 'shared')) },
  { what: 'Debian\'s chromium', uses: /noChromium|\/usr\/bin\/chromium/, missing: () => !existsSync('/usr/bin/chromium') }
]

const file = process.argv[2]
if (file == null) {
  process.stderr.write('usage: node test/ci/report.ts <vitest-report.json>\n')
  process.exit(2)
}
const report = JSON.parse(readFileSync(file, 'utf8')) as Report
const skipped = report.testResults.flatMap(result => result.assertionResults
  .filter(a => a.status === 'skipped' || a.status === 'pending' || a.status === 'todo')
  .map(a => ({ file: relative(ROOT, result.name), name: a.fullName })))

const unexpected: string[] = []
const reasons = new Map<string, number>()
for (const test of skipped) {
  const source = readFileSync(resolve(ROOT, test.file), 'utf8')
  const cause = CAUSES.find(c => c.uses.test(source) && c.missing())
  if (cause == null) {
    unexpected.push(`${test.file}: ${test.name}`)
  } else {
    reasons.set(cause.what, (reasons.get(cause.what) ?? 0) + 1)
  }
}

process.stdout.write(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped.length} skipped\n`)
for (const [what, count] of reasons) {
  process.stdout.write(`  ${count} skipped: this machine has no ${what}\n`)
}
if (unexpected.length > 0) {
  process.stdout.write(`${unexpected.length} skipped that should have run here:\n${unexpected.map(t => `  ${t}`).join('\n')}\n`)
}
process.exit(report.numFailedTests > 0 || unexpected.length > 0 ? 1 : 0)
