import { basename, resolve } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { z } from 'zod'
import { connect, httpUrl, withApiOptions } from '../api-options.ts'
import { DEFAULT_GATEWAY_URL, DEFAULT_WAIT_REACHABLE_MS } from '../constants.ts'
import { listFolder } from '../folder.ts'
import { ipfsUrls, ipnsUrls } from '../gateway-urls.ts'
import { ensureKey, pointName } from '../names.ts'
import { count, emit, formatBytes, table } from '../output.ts'
import { waitReachable } from '../reachable.ts'
import { upload } from '../upload.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'

interface PublishFlags extends ApiFlags {
  name?: string
  cidVersion: '0' | '1'
  gateway: string
  waitReachable?: string | true
  waitTimeout: number
  hidden?: boolean
  public?: boolean
  description?: string
  keywords?: string
}

/**
 * `cairn publish <dir>`: one command from a build folder to a live, named
 * site, as ipfs-deploy does: upload the folder (streamed), pin it under the
 * name, create the key on first use, point the IPNS name at the new root
 * (only when it changed), optionally wait until a gateway serves it, and
 * print the CID, the name and the URLs.
 */
export function publishCommand (ctx: CliContext): Command {
  return withApiOptions(new Command('publish'))
    .description('publish a folder as a website: upload, pin, point an IPNS name at it, print its URLs')
    .argument('<dir>', 'the built site; index.html and _redirects are published as they are')
    .option('--name <key>', 'IPNS key to publish under, created on first use; also the pin name (default: the folder\'s name)')
    .addOption(new Option('--cid-version <version>', 'CID version of the import').choices(['0', '1']).default('1'))
    .addOption(new Option('--gateway <url>', 'gateway the printed URLs point at').env('CAIRN_GATEWAY_URL').default(DEFAULT_GATEWAY_URL))
    .option('--wait-reachable [url]', 'poll this gateway (default: --gateway) until it serves the new root')
    .option('--wait-timeout <seconds>', 'give up waiting after this long', seconds, DEFAULT_WAIT_REACHABLE_MS / 1000)
    .option('--hidden', 'include files and folders whose name starts with a dot (left out by default, as ipfs add does)')
    .option('--public', 'make the site findable by peers\' searches: its name, description, keywords and file names enter the node\'s catalog')
    .option('--description <text>', 'with --public: what the site is, for search')
    .option('--keywords <list>', 'with --public: comma-separated keywords, for search')
    .action(async (dir: string, flags: PublishFlags) => {
      const listing = await listFolder(dir, { hidden: flags.hidden === true })
      const gateway = httpUrl(flags.gateway, '--gateway')
      const waitGateway = flags.waitReachable == null ? undefined : flags.waitReachable === true ? gateway : httpUrl(flags.waitReachable, '--wait-reachable')
      const keyName = flags.name ?? basename(resolve(dir))
      const client = await connect(flags, ctx)

      // also proves the token before the upload starts
      const key = await ensureKey(client, keyName)
      const uploaded = await upload(client, ctx, listing.entries, listing, {
        'cid-version': flags.cidVersion,
        pin: true,
        'pin-name': keyName,
        quieter: true
      })
      const root = uploaded.added.at(-1)
      if (root == null) {
        throw new Error('the API answered the upload without a root CID')
      }
      if (flags.public === true) {
        // the upload pinned it privately under the same name; this marks it public
        await client.rpcJson('pin/add', z.object({ Pins: z.array(z.string()).nullable() }), {
          args: [root.cid],
          query: { name: keyName, public: true, description: flags.description, keywords: flags.keywords }
        })
      }
      const name = await pointName(client, keyName, `/ipfs/${root.cid}`)

      let reachableMs: number | null = null
      if (waitGateway != null) {
        const url = ipfsUrls(waitGateway, root.cid).path
        ctx.stderr.write(`waiting for ${url} …\n`)
        reachableMs = await waitReachable(url, { timeoutMs: flags.waitTimeout * 1000, signal: ctx.signal })
      }

      const byCid = ipfsUrls(gateway, root.cid)
      const byName = ipnsUrls(gateway, name.name)
      const result = {
        cid: root.cid,
        name: name.name,
        key: keyName,
        keyCreated: key.created,
        sequence: name.sequence,
        nameUpdated: name.updated,
        public: flags.public === true,
        peers: name.peers,
        files: listing.files,
        bytes: listing.bytes,
        uploadMs: uploaded.ms,
        reachableMs,
        urls: { path: byCid.path, subdomain: byCid.subdomain, ipnsPath: byName.path, ipnsSubdomain: byName.subdomain }
      }
      emit(ctx, flags.json, result, () => [
        `published ${dir}: ${count(listing.files, 'file')}, ${formatBytes(listing.bytes)} in ${(uploaded.ms / 1000).toFixed(1)} s`,
        ...table([
          ['CID', root.cid],
          ['name', `${name.name} (key "${keyName}"${key.created ? ', new' : ''}, sequence ${name.sequence}${name.updated ? '' : ', unchanged'})`],
          ['path URL', byCid.path],
          ['subdomain URL', byCid.subdomain],
          ['IPNS path URL', byName.path],
          ['IPNS subdomain URL', byName.subdomain],
          ...(reachableMs == null ? [] : [['reachable', `after ${(reachableMs / 1000).toFixed(1)} s`] as [string, string]])
        ])
      ])
    })
}

function seconds (value: string): number {
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('expected a positive number of seconds')
  }
  return parsed
}
