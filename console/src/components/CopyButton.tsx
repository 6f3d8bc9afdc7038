import { useState } from 'preact/hooks'

export function CopyButton ({ value, label }: { value: string, label: string }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard.writeText(value)
    setCopied(true)
    setTimeout(() => { setCopied(false) }, 1500)
  }
  return <button type='button' aria-label={label} onClick={() => { copy().catch(() => { setCopied(false) }) }}>{copied ? 'Copied' : 'Copy'}</button>
}
