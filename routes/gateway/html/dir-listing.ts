import { encodePath, encodeSegment } from '../request.ts'
import { escapeHtml, page, templateHash } from './page.ts'
import type { ListingEntry } from '../../../src/gateway/listing.ts'
import type { CID } from 'multiformats/cid'

export interface DirListingModel {
  /** 'ipfs' or 'ipns', shown before the name. */
  namespace: string
  /** The CID or IPNS name the URL starts from. */
  name: string
  /** Decoded path segments below the name. */
  segments: string[]
  /** Prefix of this origin's links: `/ipfs/<cid>` on the path gateway, '' on an isolated origin. */
  prefix: string
  /** Origin of the path gateway, for links to entries by CID ('' for this one). */
  pathGateway: string
  cid: CID
  entries: ListingEntry[]
}

/** Inline SVG, so the icons show whatever fonts the browser has. */
const svg = (path: string): string => `<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="${path}"/></svg>`
const ICONS: Record<ListingEntry['kind'] | 'parent', string> = {
  directory: svg('M1 3.5A1.5 1.5 0 0 1 2.5 2h3.6l1.5 1.5h5.9A1.5 1.5 0 0 1 15 5v7.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 1 12.5z'),
  file: svg('M3 1.5A1.5 1.5 0 0 1 4.5 0h5L14 4.5v10a1.5 1.5 0 0 1-1.5 1.5h-8A1.5 1.5 0 0 1 3 14.5zM9 1v4h4z'),
  symlink: svg('M6 4h4a4 4 0 0 1 0 8H8v-2h2a2 2 0 0 0 0-4H6v2L2 5l4-3z'),
  unknown: svg('M8 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6z'),
  parent: svg('M7 3 2 7.5 7 12V9h4a2 2 0 0 1 2 2v2h2v-2a4 4 0 0 0-4-4H7z')
}

/**
 * A directory index: breadcrumbs of the path (each a link), the directory's
 * CID with links to its other formats, then one row per entry with its name
 * (linking to its content path), its CID (linking to it alone, named) and its
 * size. The link to the parent is left out at the root.
 */
export function dirListingHtml (model: DirListingModel): string {
  // on an isolated origin the breadcrumbs name content paths, so they point at the path gateway, as boxo's do
  const crumbBase = model.prefix === '' ? `${model.pathGateway}/${model.namespace}/${model.name}` : model.prefix
  const crumbs = [`/${model.namespace}/<a href="${escapeHtml(crumbBase)}">${escapeHtml(model.name)}</a>`]
  model.segments.forEach((segment, i) => {
    crumbs.push(`<a href="${escapeHtml(crumbBase + encodePath(model.segments.slice(0, i + 1)))}">${escapeHtml(segment)}</a>`)
  })
  const here = model.prefix + encodePath(model.segments)
  const rows = model.entries.map(entry => row(model, here, entry))
  if (model.segments.length > 0) {
    rows.unshift(`<tr><td class="name"><span class="icon">${ICONS.parent}</span><a href="${escapeHtml(`${here}/..`)}">..</a></td><td class="cid"></td><td class="size"></td></tr>`)
  }
  const title = `/${model.namespace}/${model.name}${model.segments.map(s => `/${s}`).join('')}/`
  const body = `<h1>Index of ${crumbs.join('/')}</h1>
<p class="meta">${escapeHtml(model.cid.toString())}<a href="?format=dag-json">DAG-JSON</a><a href="?format=car">CAR</a><a href="?format=tar">TAR</a></p>
<table>
<thead><tr><th class="name">Name</th><th class="cid">CID</th><th class="size">Size</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${model.entries.length === 0 ? '<p class="empty">This directory is empty.</p>' : ''}`
  return page(title, body)
}

function row (model: DirListingModel, here: string, entry: ListingEntry): string {
  // no trailing slash on directories, as boxo writes them; the gateway redirects to add it
  const href = `${here}/${encodeSegment(entry.name)}`
  const cid = entry.cid.toString()
  const byCid = `${model.pathGateway}/ipfs/${cid}?filename=${encodeURIComponent(entry.name)}`
  const size = entry.kind === 'directory' ? '' : formatSize(entry.size)
  const sizeTitle = entry.exact ? `${entry.size} bytes` : `DAG size: ${entry.size} bytes`
  return `<tr class="${entry.kind}"><td class="name"><span class="icon">${ICONS[entry.kind]}</span><a href="${escapeHtml(href)}">${escapeHtml(entry.name)}</a></td>` +
    `<td class="cid"><a class="ipfs-hash" translate="no" href="${escapeHtml(byCid)}">${cid}</a></td>` +
    `<td class="size" title="${sizeTitle}">${size}</td></tr>`
}

function formatSize (bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = Number(bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** Etag prefix of listings: changes with Cairn's version and this template. */
export const DIR_INDEX_ETAG_PREFIX = `DirIndex-${templateHash(dirListingHtml, row)}`
