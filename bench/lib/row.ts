/** One line of the results table. */
export interface Row {
  bench: string
  measured: string
  compared: string
  /** measured / compared as printed, e.g. "0.42×". */
  ratio: string
  target: string
  /** Undefined where the issue asks only for a report. */
  met?: boolean
  /** One of the performance issue's rows: printed first, in the summary. */
  headline?: boolean
}

export interface Runs {
  /** Runs of the cheap benches (medians of these). */
  runs: number
  /** Runs of the 1 GiB upload. */
  largeRuns: number
}

export const ratio = (value: number): string => `${value.toFixed(2)}×`
