import { escapeHtml, page, templateHash } from './page.ts'
import type { CID } from 'multiformats/cid'

export interface DagIndexModel {
  /** The content path as requested, for the title. */
  contentPath: string
  cid: CID
  /** 'dag-json' or 'dag-cbor': the block's codec. */
  codec: string
  /** The block as indented DAG-JSON. */
  json: string
  /** Origin of the path gateway, for links to linked CIDs ('' for this one). */
  pathGateway: string
}

/**
 * What a browser sees for a DAG-JSON or DAG-CBOR block: its CID and codec,
 * links to download it as it is or converted, and its content as DAG-JSON
 * in which every link opens the linked block.
 */
export function dagIndexHtml (model: DagIndexModel): string {
  const cid = model.cid.toString()
  const linked = escapeHtml(model.json).replace(/&#34;\/&#34;: &#34;([a-zA-Z0-9]+)&#34;/g, (_, target: string) =>
    `&#34;/&#34;: &#34;<a href="${escapeHtml(`${model.pathGateway}/ipfs/${target}/`)}">${target}</a>&#34;`)
  const body = `<h1>${escapeHtml(model.contentPath)}</h1>
<p class="meta">CID ${escapeHtml(cid)} · codec ${escapeHtml(model.codec)}
<a href="?format=dag-json&amp;download=true">DAG-JSON</a><a href="?format=dag-cbor&amp;download=true">DAG-CBOR</a><a href="?format=raw&amp;download=true">raw block</a></p>
<pre>${linked}</pre>`
  return page(model.contentPath, body)
}

/** Etag prefix of these pages: changes with Cairn's version and this template. */
export const DAG_INDEX_ETAG_PREFIX = `DagIndex-${templateHash(dagIndexHtml)}`
