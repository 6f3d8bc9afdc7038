import { CopyButton } from '../components/CopyButton.tsx'
import { ErrorNote } from '../components/ErrorNote.tsx'
import { formatBytes } from '../format.ts'
import { gatewayLinks } from '../links.ts'
import type { Published } from './Publish.tsx'

export function PublishResult ({ result, gatewayUrl }: { result: Published, gatewayUrl: string | null }) {
  const links = gatewayUrl == null ? undefined : gatewayLinks(gatewayUrl, result.cid, result.isDirectory)
  return (
    <div class='result' role='status'>
      <h2>Published</h2>
      <dl>
        <dt>CID</dt>
        <dd><code class='cid'>{result.cid}</code> <CopyButton value={result.cid} label='Copy CID' /></dd>
        <dt>Size</dt>
        <dd>{formatBytes(result.size)}</dd>
        {links != null && (
          <>
            <dt>Gateway</dt>
            <dd><a class='gateway-path' href={links.path} target='_blank' rel='noopener noreferrer'>{links.path}</a></dd>
            <dd><a class='gateway-subdomain' href={links.subdomain} target='_blank' rel='noopener noreferrer'>{links.subdomain}</a></dd>
          </>
        )}
        {result.ipns?.name != null && (
          <>
            <dt>IPNS name</dt>
            <dd><code class='ipns-name'>/ipns/{result.ipns.name}</code> <CopyButton value={`/ipns/${result.ipns.name}`} label='Copy IPNS name' /></dd>
            {gatewayUrl != null && <dd><a href={`${new URL(gatewayUrl).origin}/ipns/${result.ipns.name}/`} target='_blank' rel='noopener noreferrer'>open through the gateway</a></dd>}
          </>
        )}
      </dl>
      {result.ipns?.error != null && <ErrorNote error={new Error(`Published, but the name was not: ${(result.ipns.error as Error).message}`)} />}
    </div>
  )
}
