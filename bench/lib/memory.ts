import { readFile, writeFile } from 'node:fs/promises'

async function statusMiB (pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024
}

export async function rssMiB (pid: number): Promise<number> {
  return statusMiB(pid, 'VmRSS')
}

/**
 * Peak RSS of `pid` while `work` runs: the kernel's high-water mark is reset
 * first (clear_refs 5), so earlier phases do not count.
 */
export async function peakRssDuring<T> (pid: number, work: () => Promise<T>): Promise<{ result: T, peakMiB: number }> {
  await writeFile(`/proc/${pid}/clear_refs`, '5')
  const result = await work()
  return { result, peakMiB: await statusMiB(pid, 'VmHWM') }
}
