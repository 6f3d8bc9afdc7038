import type { UploadFile } from './upload.ts'

/** Files from an `<input type=file>`: a folder picker gives each its path below the chosen folder. */
export function fromInput (list: FileList): UploadFile[] {
  return Array.from(list, file => ({ file, path: file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name }))
}

/**
 * Files and whole folders dropped on the page. Entries must be taken from
 * the DataTransfer before the drop handler returns; folders are then read a
 * batch at a time (readEntries answers at most ~100 entries per call).
 * Only File handles are collected: nothing is read into memory.
 */
export async function fromDrop (transfer: DataTransfer): Promise<UploadFile[]> {
  const entries = Array.from(transfer.items, item => item.webkitGetAsEntry()).filter(entry => entry != null)
  const files: UploadFile[] = []
  for (const entry of entries) {
    await walk(entry, files)
  }
  return files
}

async function walk (entry: FileSystemEntry, into: UploadFile[]): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '')
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => { (entry as FileSystemFileEntry).file(resolve, reject) })
    into.push({ file, path })
    return
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader()
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => { reader.readEntries(resolve, reject) })
    if (batch.length === 0) {
      return
    }
    for (const child of batch) {
      await walk(child, into)
    }
  }
}
