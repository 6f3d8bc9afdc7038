import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { basename, join, sep } from 'node:path'
import { LocalFileError } from './errors.ts'
import type { Stats } from 'node:fs'

/** One part of an upload. */
export interface UploadEntry {
  /** Path in the upload: '/'-separated, starting with the top-level name. */
  path: string
  /** The file read for its content (a real path); undefined for a directory. */
  file?: string
  size: number
}

export interface UploadListing {
  /** A directory before its contents, names sorted: the order Kubo's `ipfs add -r` sends. */
  entries: UploadEntry[]
  files: number
  bytes: number
}

export interface ListOptions {
  /** Include names starting with a dot; left out by default, as `ipfs add` does without --hidden. */
  hidden: boolean
}

/**
 * What uploading `path` (a file or a folder) sends, found before a byte is
 * sent so that totals are known and a bad tree fails early.
 *
 * Symlinks: one that resolves inside the folder is followed and uploaded as
 * what it points at, since gateways serve a UnixFS symlink as the text of its
 * target, not as the page it names. One that leaves the folder, is broken or
 * loops back into its own parent is refused, naming it.
 */
export async function listUpload (path: string, options: ListOptions): Promise<UploadListing> {
  const root = await realRoot(path, 'path')
  return listRoot(path, root, await readable(path, async () => stat(root)), options)
}

/** Like listUpload, for a folder only. */
export async function listFolder (path: string, options: ListOptions): Promise<UploadListing> {
  const root = await realRoot(path, 'folder')
  const rootStat = await readable(path, async () => stat(root))
  if (!rootStat.isDirectory()) {
    throw new LocalFileError(`"${path}" is not a folder`)
  }
  return listRoot(path, root, rootStat, options)
}

async function listRoot (path: string, root: string, rootStat: Stats, options: ListOptions): Promise<UploadListing> {
  const name = uploadName(basename(root))
  if (rootStat.isFile()) {
    return { entries: [{ path: name, file: root, size: rootStat.size }], files: 1, bytes: rootStat.size }
  }
  if (!rootStat.isDirectory()) {
    throw new LocalFileError(`"${path}" is neither a file nor a folder`)
  }
  const listing: UploadListing = { entries: [{ path: name, size: 0 }], files: 0, bytes: 0 }
  await walk({ root, options, listing }, { dir: root, upload: name, shown: path }, new Set([root]))
  return listing
}

interface Walk {
  root: string
  options: ListOptions
  listing: UploadListing
}

/** A folder being walked: where it is on disk, in the upload, and as the user would name it. */
interface Place {
  dir: string
  upload: string
  shown: string
}

async function walk (state: Walk, place: Place, ancestors: Set<string>): Promise<void> {
  const names = (await readable(place.shown, async () => readdir(place.dir))).sort()
  for (const name of names) {
    if (!state.options.hidden && name.startsWith('.')) {
      continue
    }
    let target = join(place.dir, name)
    const shown = join(place.shown, name)
    let info: Stats = await readable(shown, async () => lstat(target))
    if (info.isSymbolicLink()) {
      target = await symlinkTarget(state.root, target, shown)
      info = await readable(shown, async () => stat(target))
    }
    const path = `${place.upload}/${name}`
    if (info.isDirectory()) {
      if (ancestors.has(target)) {
        throw new LocalFileError(`symlink "${shown}" points at a folder that contains it: refusing to follow the loop`)
      }
      state.listing.entries.push({ path, size: 0 })
      await walk(state, { dir: target, upload: path, shown }, new Set([...ancestors, target]))
    } else if (info.isFile()) {
      state.listing.entries.push({ path, file: target, size: info.size })
      state.listing.files++
      state.listing.bytes += info.size
    } else {
      throw new LocalFileError(`"${shown}" is neither a file nor a folder (a socket or a device?): remove it or move it out of the folder`)
    }
  }
}

async function symlinkTarget (root: string, link: string, shown: string): Promise<string> {
  let target: string
  try {
    target = await realpath(link)
  } catch {
    throw new LocalFileError(`symlink "${shown}" is broken: what it points at does not exist`)
  }
  if (target !== root && !target.startsWith(root + sep)) {
    throw new LocalFileError(`symlink "${shown}" points outside the folder (to ${target}): refusing to publish it`)
  }
  return target
}

async function realRoot (path: string, noun: string): Promise<string> {
  try {
    return await realpath(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new LocalFileError(code === 'ENOENT' ? `${noun} "${path}" does not exist` : `cannot read ${noun} "${path}": ${code ?? (err as Error).message}`)
  }
}

async function readable<T> (shown: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (err) {
    throw new LocalFileError(`cannot read "${shown}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

/** The top-level name in the upload; the root of a filesystem has none. */
function uploadName (name: string): string {
  return name === '' ? 'root' : name
}
