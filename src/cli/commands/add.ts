import { Command, Option } from 'commander'
import { connect, withApiOptions } from '../api-options.ts'
import { listUpload } from '../folder.ts'
import { emit } from '../output.ts'
import { upload } from '../upload.ts'
import type { ApiFlags } from '../api-options.ts'
import type { CliContext } from '../context.ts'
import type { UploadEntry } from '../folder.ts'
import type { StreamEntry } from '../multipart.ts'
import type { UploadTotals } from '../progress.ts'

interface AddFlags extends ApiFlags {
  cidVersion?: '0' | '1'
  pin: boolean
  pinName?: string
  wrapWithDirectory?: boolean
  hidden?: boolean
  quieter?: boolean
}

/** `cairn add [paths…]`: Kubo's `add` (folders recursively, standard input without a path). */
export function addCommand (ctx: CliContext): Command {
  return withApiOptions(new Command('add'))
    .description('add files and folders (recursively), as ipfs add -r; reads standard input when no path is given')
    .argument('[paths...]', 'files and folders to add')
    .addOption(new Option('--cid-version <version>', 'CID version (default: the node\'s import profile)').choices(['0', '1']))
    .option('--no-pin', 'do not pin what is added')
    .option('--pin-name <name>', 'name of the pin')
    .option('-w, --wrap-with-directory', 'wrap everything in one more folder')
    .option('--hidden', 'include files and folders whose name starts with a dot')
    .option('-Q, --quieter', 'print only the final CID')
    .action(async (paths: string[], flags: AddFlags) => {
      let entries: Array<UploadEntry | StreamEntry> = []
      let totals: UploadTotals | null = { bytes: 0, files: 0 }
      for (const path of paths) {
        const listing = await listUpload(path, { hidden: flags.hidden === true })
        entries = entries.concat(listing.entries)
        totals.bytes += listing.bytes
        totals.files += listing.files
      }
      if (paths.length === 0) {
        entries = [{ path: '', content: process.stdin }]
        totals = null
      }
      const client = await connect(flags, ctx)
      const { added } = await upload(client, ctx, entries, totals, {
        'cid-version': flags.cidVersion,
        pin: flags.pin,
        'pin-name': flags.pinName,
        'wrap-with-directory': flags.wrapWithDirectory,
        quieter: flags.quieter
      })
      emit(ctx, flags.json, { added }, () => flags.quieter === true
        ? added.map(entry => entry.cid)
        : added.map(entry => `added ${entry.cid} ${entry.name}`))
    })
}
