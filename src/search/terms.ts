import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { MAX_SEARCH_TERM_CHARS } from '../constants.ts'

/** What a term record's CID hashes: this prefix, then the normalised term. */
export const TERM_RECORD_PREFIX = 'cairn-search:'

/** Terms shorter than this are too common to index or announce. */
const MIN_TERM_CHARS = 2

const COMBINING_MARKS = /\p{M}+/gu
const SEPARATORS = /[^\p{L}\p{N}]+/u

/**
 * One form for a word, on every node alike: Unicode compatibility forms
 * folded, accents dropped, lower case. `Café`, `cafe` and `ｃａｆｅ` are one
 * term, so a query matches what another peer indexed and a term record's CID
 * is the same wherever it is computed. Undefined for a term too short or too
 * long to be worth indexing.
 */
export function normaliseTerm (word: string): string | undefined {
  const term = word.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase()
  if (term.length < MIN_TERM_CHARS || term.length > MAX_SEARCH_TERM_CHARS) {
    return undefined
  }
  return term
}

/** Splits text at anything that is not a letter or a digit: `solar-panels_2024.pdf` is four words. */
export function splitWords (text: string): string[] {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').split(SEPARATORS).filter(word => word !== '')
}

/** The distinct normalised terms of a text, in order of first appearance. */
export function termsOf (text: string): string[] {
  const terms = new Set<string>()
  for (const word of splitWords(text)) {
    const term = normaliseTerm(word)
    if (term != null) {
      terms.add(term)
    }
  }
  return [...terms]
}

/**
 * The CID under which holders of a term announce themselves to the routing:
 * sha2-256 of `cairn-search:<term>`, raw codec. Nothing is stored under it;
 * the provider records are the index.
 */
export async function termCid (term: string): Promise<CID> {
  const digest = await sha256.digest(new TextEncoder().encode(TERM_RECORD_PREFIX + term))
  return CID.createV1(raw.code, digest)
}
