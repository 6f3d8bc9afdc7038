import pkg from '../package.json' with { type: 'json' }

/** Cairn's own version, from package.json. */
export const CAIRN_VERSION: string = pkg.version

export const AGENT_VERSION = `cairn/${CAIRN_VERSION}`
