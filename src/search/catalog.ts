import { readFile, rename, writeFile } from 'node:fs/promises'
import MiniSearch from 'minisearch'
import { normaliseTerm, splitWords, termsOf } from './terms.ts'
import type { Options, SearchResult } from 'minisearch'

/** One findable thing: a public pin's root, or a file or folder in its DAG. */
export interface CatalogEntry {
  /** `<root>/<path>`: unique in the catalog. */
  id: string
  /** The pin's root CID. */
  root: string
  /** This entry's CID: the root's for the root, else the file's or folder's. */
  cid: string
  /** Path below the root; '' for the root itself. */
  path: string
  /** The pin's name, stored with every entry to show with it. */
  pinName: string
  /** The pin's name on the root entry, '' on the others: a pin's name finds the pin, not each file in it. */
  title: string
  /** The file or folder name ('' for the root, which is found by its title). */
  name: string
  description: string
  keywords: string
  /** Bytes, as UnixFS reports them; 0 when unknown. */
  size: number
}

/** What one public pin put into the catalog, kept to take it out again and to choose the terms to announce. */
interface PinRecord {
  ids: string[]
  /** The pin's own words first (keywords, name, description), then file and folder names. */
  terms: string[]
}

export interface CatalogHit {
  root: string
  cid: string
  path: string
  name: string
  size: number
  score: number
}

interface SavedCatalog {
  version: typeof FORMAT_VERSION
  pins: Record<string, PinRecord>
  index: ReturnType<MiniSearch['toJSON']>
}

const FORMAT_VERSION = 1

const OPTIONS: Options<CatalogEntry> = {
  fields: ['title', 'name', 'description', 'keywords'],
  storeFields: ['root', 'cid', 'path', 'pinName', 'size'],
  tokenize: splitWords,
  processTerm: term => normaliseTerm(term) ?? null,
  searchOptions: {
    combineWith: 'AND',
    boost: { keywords: 2, title: 1.5 },
    // `sol` finds `solar`; shorter prefixes match too much to be worth a peer's time
    prefix: term => term.length >= 3
  }
}

/**
 * What this node makes findable: public pins' names, descriptions, keywords
 * and the names of files and folders in their DAGs, in a MiniSearch
 * full-text index. Nothing private ever enters it: the indexer adds only
 * pins marked public and removes a pin the moment it is unmarked or unpinned.
 *
 * Saved as one JSON file in the data directory, written to a temporary file
 * and renamed over the old one, so a crash leaves the old catalog or the new,
 * never half of one. The catalog is reconciled with the pins at start, so a
 * missing or stale file only costs a re-index.
 */
export class Catalog {
  private readonly index: MiniSearch<CatalogEntry>
  private readonly pins: Map<string, PinRecord>
  private readonly file: string
  private saving: Promise<void> = Promise.resolve()
  private dirty = false

  private constructor (file: string, index: MiniSearch<CatalogEntry>, pins: Map<string, PinRecord>) {
    this.file = file
    this.index = index
    this.pins = pins
  }

  /** Loads the catalog saved at `file`, or starts an empty one when there is none (or it cannot be read). */
  static async open (file: string): Promise<Catalog> {
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as SavedCatalog
      if (saved.version === FORMAT_VERSION) {
        return new Catalog(file, MiniSearch.loadJS(saved.index, OPTIONS), new Map(Object.entries(saved.pins)))
      }
    } catch {
      // rebuilt from the pins by the reconciliation at start
    }
    return new Catalog(file, new MiniSearch(OPTIONS), new Map())
  }

  /** Replaces whatever `root` had in the catalog with these entries. */
  put (root: string, entries: CatalogEntry[]): void {
    this.remove(root)
    const terms = new Set<string>()
    const top = entries.find(entry => entry.path === '')
    for (const text of [top?.keywords ?? '', top?.title ?? '', top?.description ?? '']) {
      termsOf(text).forEach(term => terms.add(term))
    }
    for (const entry of entries) {
      termsOf(entry.name).forEach(term => terms.add(term))
    }
    this.index.addAll(entries)
    this.pins.set(root, { ids: entries.map(entry => entry.id), terms: [...terms] })
    this.dirty = true
  }

  /** Takes `root` out at once: from this call on, no search finds it. */
  remove (root: string): boolean {
    const record = this.pins.get(root)
    if (record == null) {
      return false
    }
    this.index.discardAll(record.ids.filter(id => this.index.has(id)))
    this.pins.delete(root)
    this.dirty = true
    return true
  }

  has (root: string): boolean {
    return this.pins.has(root)
  }

  roots (): string[] {
    return [...this.pins.keys()]
  }

  get size (): number {
    return this.index.documentCount
  }

  /** Entries matching every term, best first. */
  search (terms: string[], limit: number): CatalogHit[] {
    if (terms.length === 0) {
      return []
    }
    return this.index.search(terms.join(' ')).slice(0, limit).map((result: SearchResult) => ({
      root: String(result.root),
      cid: String(result.cid),
      path: String(result.path),
      name: String(result.pinName),
      size: Number(result.size),
      score: Math.round(result.score * 1000) / 1000
    }))
  }

  /**
   * At most `max` terms to announce, each pin's own words before any file
   * name, taking from the pins in turn so one large pin cannot use the
   * whole budget.
   */
  terms (max: number): string[] {
    const chosen = new Set<string>()
    const lists = [...this.pins.values()].map(pin => pin.terms)
    for (let i = 0; chosen.size < max && lists.some(list => i < list.length); i++) {
      for (const list of lists) {
        const term = list[i]
        if (term != null && chosen.size < max) {
          chosen.add(term)
        }
      }
    }
    return [...chosen]
  }

  /** Writes the catalog if it changed since the last save; saves run one at a time. */
  async save (): Promise<void> {
    const run = this.saving.then(async () => {
      if (!this.dirty) {
        return
      }
      this.dirty = false
      const saved: SavedCatalog = { version: FORMAT_VERSION, pins: Object.fromEntries(this.pins), index: this.index.toJSON() }
      const temporary = `${this.file}.tmp`
      await writeFile(temporary, JSON.stringify(saved), { mode: 0o600 })
      await rename(temporary, this.file)
    })
    // a failed write is tried again at the next save
    this.saving = run.catch(() => { this.dirty = true })
    await run
  }
}
