export const MIB = 1 << 20

/** Median of a non-empty list; the middle two averaged for an even count. */
export function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] ?? NaN : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2
}

/** Runs `fn` `runs` times in a row and returns every result. */
export async function repeat<T> (runs: number, fn: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (let run = 0; run < runs; run++) {
    results.push(await fn(run))
  }
  return results
}

export function mibPerSecond (bytes: number, ms: number): number {
  return bytes / MIB / (ms / 1000)
}
