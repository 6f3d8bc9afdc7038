import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Option } from 'commander'
import { API_TOKEN_FILE, DEFAULT_DATA_DIR } from '../constants.ts'
import { isLoopbackHost } from '../network/loopback-gater.ts'
import { CairnClient } from './client.ts'
import { DEFAULT_API_URL } from './constants.ts'
import { LocalFileError, UsageError } from './errors.ts'
import type { CliContext } from './context.ts'
import type { Command } from 'commander'

/** The options every command that calls the API takes. */
export interface ApiFlags {
  api: string
  token?: string
  tokenFile?: string
  json?: boolean
}

/** `--api`, `--token`, `--token-file`, and `--json` unless the command's output is raw bytes (`cat`). */
export function withApiOptions (command: Command, { json = true }: { json?: boolean } = {}): Command {
  command
    .addOption(new Option('--api <url>', 'base URL of the Cairn API').env('CAIRN_API_URL').default(DEFAULT_API_URL))
    .addOption(new Option('--token <token>', 'API token (default: <CAIRN_DATA>/api-token, for an API on this machine)').env('CAIRN_API_TOKEN'))
    .addOption(new Option('--token-file <path>', 'read the API token from this file').env('CAIRN_API_TOKEN_FILE').conflicts('token'))
  return json ? command.option('--json', 'print one JSON object (for scripts and CI)') : command
}

/** A client for the API the flags name, with the token they lead to. */
export async function connect (flags: ApiFlags, ctx: CliContext): Promise<CairnClient> {
  const apiUrl = httpUrl(flags.api, '--api')
  return new CairnClient({ apiUrl: apiUrl.href.replace(/\/+$/, ''), token: await apiToken(flags, apiUrl, ctx), signal: ctx.signal })
}

/**
 * `--token`, then `--token-file`, then the token a local Cairn generated into
 * its data directory (CAIRN_DATA, default ./.cairn), as `npm start` and
 * `cairn daemon` do. That file is read only for an API on a loopback address:
 * this machine's token is not sent to another host.
 */
async function apiToken (flags: ApiFlags, apiUrl: URL, ctx: CliContext): Promise<string | undefined> {
  if (flags.token != null) {
    return flags.token.trim()
  }
  if (flags.tokenFile != null) {
    return readToken(flags.tokenFile, true)
  }
  if (!isLoopbackHost(apiUrl.hostname)) {
    return undefined
  }
  return readToken(join(ctx.env.CAIRN_DATA ?? DEFAULT_DATA_DIR, API_TOKEN_FILE), false)
}

async function readToken (path: string, required: boolean): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined
    }
    throw new LocalFileError(`cannot read the token file "${path}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

/** An http(s) URL from an option, or a UsageError naming the option. */
export function httpUrl (value: string, option: string): URL {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    // reported below
  }
  if (url == null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${option}: "${value}" is not an http(s) URL (expected e.g. http://127.0.0.1:5001)`)
  }
  return url
}

