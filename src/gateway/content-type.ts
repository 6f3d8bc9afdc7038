import { lookup } from 'mime-types'

/** How many leading bytes sniffing looks at, as in the WHATWG MIME sniffing standard. */
export const SNIFF_BYTES = 512

/** Where IPFS disagrees with the general registry. */
const EXTENSION_OVERRIDES: Record<string, string> = {
  car: 'application/vnd.ipld.car'
}

/**
 * The media type for a file name's extension, with `charset=utf-8` on text
 * types (as Go's gateway sends them); undefined when the name says nothing.
 */
export function typeByName (name: string | undefined): string | undefined {
  if (name == null || !name.includes('.')) {
    return undefined
  }
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase()
  const type = EXTENSION_OVERRIDES[extension] ?? lookup(extension)
  if (type === false || type == null) {
    return undefined
  }
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type
}

interface Signature {
  bytes: number[]
  /** 0xff where the byte must match exactly; other values mask bits. */
  mask?: number[]
  type: string
}

const SIGNATURES: Signature[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], type: 'application/pdf' },
  { bytes: [0x25, 0x21, 0x50, 0x53, 0x2d, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x2d], type: 'application/postscript' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], type: 'image/gif' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], type: 'image/gif' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: 'image/png' },
  { bytes: [0xff, 0xd8, 0xff], type: 'image/jpeg' },
  { bytes: [0x42, 0x4d], type: 'image/bmp' },
  { bytes: [0x00, 0x00, 0x01, 0x00], type: 'image/x-icon' },
  { bytes: [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50], mask: [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], type: 'image/webp' },
  { bytes: [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45], mask: [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], type: 'audio/wave' },
  { bytes: [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x41, 0x56, 0x49, 0x20], mask: [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], type: 'video/avi' },
  { bytes: [0x49, 0x44, 0x33], type: 'audio/mpeg' },
  { bytes: [0x4f, 0x67, 0x67, 0x53, 0x00], type: 'application/ogg' },
  { bytes: [0x1a, 0x45, 0xdf, 0xa3], type: 'video/webm' },
  { bytes: [0x66, 0x4c, 0x61, 0x43], type: 'audio/flac' },
  { bytes: [0x77, 0x4f, 0x46, 0x46], type: 'font/woff' },
  { bytes: [0x77, 0x4f, 0x46, 0x32], type: 'font/woff2' },
  { bytes: [0x00, 0x01, 0x00, 0x00], type: 'font/ttf' },
  { bytes: [0x4f, 0x54, 0x54, 0x4f], type: 'font/otf' },
  { bytes: [0x1f, 0x8b, 0x08], type: 'application/x-gzip' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], type: 'application/zip' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00], type: 'application/x-rar-compressed' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], type: 'application/wasm' }
]

/** Tags that mark a document as HTML when they open it (case-insensitive, then a space or `>`). */
const HTML_TAGS = ['<!DOCTYPE HTML', '<HTML', '<HEAD', '<SCRIPT', '<IFRAME', '<H1', '<DIV', '<FONT', '<TABLE', '<A', '<STYLE', '<TITLE', '<B', '<BODY', '<BR', '<P', '<!--']

/**
 * Guesses a media type from the first bytes of a file, the way browsers and
 * Go's `http.DetectContentType` do: byte-order marks, HTML/XML openings, image,
 * audio, video, font and archive signatures; anything without binary control
 * bytes is UTF-8 text, the rest `application/octet-stream`. SVG documents are
 * recognised so they render as images, and a whole file (`complete`) that
 * parses as a JSON object or array is `application/json`.
 */
export function sniffType (head: Uint8Array, complete = false): string {
  const bytes = head.subarray(0, SNIFF_BYTES)
  if (startsWith(bytes, [0xfe, 0xff])) {
    return 'text/plain; charset=utf-16be'
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return 'text/plain; charset=utf-16le'
  }
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf])
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bom ? bytes.subarray(3) : bytes)
  const opening = text.trimStart().toUpperCase()
  if (HTML_TAGS.some(tag => opening.startsWith(tag) && /^[ >\t\n\r\f]/.test(opening.slice(tag.length, tag.length + 1)))) {
    return 'text/html; charset=utf-8'
  }
  const svg = /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text.trimStart())
  if (svg) {
    return 'image/svg+xml'
  }
  if (opening.startsWith('<?XML')) {
    return 'text/xml; charset=utf-8'
  }
  for (const signature of SIGNATURES) {
    if (matches(bytes, signature)) {
      return signature.type
    }
  }
  if (bytes.length >= 12 && startsWith(bytes.subarray(4), [0x66, 0x74, 0x79, 0x70])) {
    return 'video/mp4'
  }
  if (bom || !bytes.some(isBinaryControl)) {
    return complete && isJsonDocument(text) ? 'application/json' : 'text/plain; charset=utf-8'
  }
  return 'application/octet-stream'
}

function isJsonDocument (text: string): boolean {
  if (!/^\s*[[{]/.test(text)) {
    return false
  }
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function startsWith (bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b)
}

function matches (bytes: Uint8Array, { bytes: pattern, mask }: Signature): boolean {
  if (bytes.length < pattern.length) {
    return false
  }
  return pattern.every((b, i) => ((bytes[i] ?? 0) & (mask?.[i] ?? 0xff)) === b)
}

/** The WHATWG "binary data byte" set: control characters that plain text never holds. */
function isBinaryControl (b: number): boolean {
  return b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)
}
