/** What every command runs with: its environment, where to write, and the signal Ctrl-C aborts. */
export interface CliContext {
  env: Record<string, string | undefined>
  signal: AbortSignal
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean, columns?: number }
}
