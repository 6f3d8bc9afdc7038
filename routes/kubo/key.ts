import { Hono } from 'hono'
import { z } from 'zod'
import { InvalidArgumentError, LimitExceededError } from '../../src/errors.ts'
import { keyIdFormat } from '../../src/keys/key-id.ts'
import { generateKey, listKeys, removeKeys, renameKey } from '../../src/keys/manage.ts'
import { exportKey, importKey, KEY_FILE_FORMATS, MAX_KEY_FILE_BYTES } from '../../src/keys/transfer.ts'
import { multipartFiles } from '../multipart.ts'
import { args, requiredArg } from './args.ts'
import { kuboBool, kuboQuery } from './validate.ts'
import { commandSignal } from './timeout.ts'
import type { KeyInfo } from '../../src/keys/manage.ts'
import type { KeyMaterial } from '../../src/keys/transfer.ts'
import type { AppEnv, RouteDeps } from '../env.ts'
import type { Context } from 'hono'

const ipnsBase = { 'ipns-base': z.string().optional() }

const genQuery = z.object({
  ...ipnsBase,
  type: z.enum(['ed25519', 'rsa']).default('ed25519'),
  size: z.coerce.number().int().optional()
})

const listQuery = z.object({ ...ipnsBase, l: kuboBool.optional() })

const renameQuery = z.object({ ...ipnsBase, force: kuboBool.default(false) })

const importQuery = z.object({
  ...ipnsBase,
  format: z.enum(KEY_FILE_FORMATS).default('libp2p-protobuf-cleartext'),
  'allow-any-key-type': kuboBool.default(false),
  // kubo-rpc-client's `key.import(name, pem, password)` sends the key in the query
  pem: z.string().optional(),
  password: z.string().optional()
})

const exportQuery = z.object({
  format: z.enum(KEY_FILE_FORMATS).optional(),
  // an encrypted PEM, which `key/import` with `pem` and `password` (kubo-rpc-client's) reads back
  password: z.string().optional()
})

const kuboKey = (key: KeyInfo) => ({ Name: key.name, Id: key.id })

/** `POST /api/v0/key/*`: the keychain that IPNS signs with, `self` included. */
export function keyRoutes ({ node }: RouteDeps) {
  const list = async (c: Context<AppEnv>, base: string | undefined) => {
    const keys = await listKeys(node.keychain, { format: keyIdFormat(base), signal: commandSignal(c) })
    return c.json({ Keys: keys.map(kuboKey) })
  }

  return new Hono<AppEnv>()
    .post('/gen', kuboQuery(genQuery), async (c) => {
      const { type, size, 'ipns-base': base } = c.req.valid('query')
      const key = await generateKey(node.keychain, requiredArg(c, 'name'), { type, size, format: keyIdFormat(base), signal: commandSignal(c) })
      return c.json(kuboKey(key))
    })
    .post('/ls', kuboQuery(listQuery), async (c) => list(c, c.req.valid('query')['ipns-base']))
    // deprecated in Kubo, but what kubo-rpc-client calls
    .post('/list', kuboQuery(listQuery), async (c) => list(c, c.req.valid('query')['ipns-base']))
    .post('/rm', kuboQuery(z.object(ipnsBase)), async (c) => {
      const removed = await removeKeys(node.keychain, args(c), { format: keyIdFormat(c.req.valid('query')['ipns-base']), signal: commandSignal(c) })
      return c.json({ Keys: removed.map(kuboKey) })
    })
    .post('/rename', kuboQuery(renameQuery), async (c) => {
      const { force, 'ipns-base': base } = c.req.valid('query')
      const [oldName, newName] = args(c)
      if (oldName == null || oldName === '' || newName == null) {
        throw new InvalidArgumentError('arguments "name" and "newName" are required')
      }
      const renamed = await renameKey(node.keychain, oldName, newName, { force, format: keyIdFormat(base), signal: commandSignal(c) })
      return c.json({ Was: renamed.was, Now: renamed.now, Id: renamed.id, Overwrite: renamed.overwrite })
    })
    .post('/import', kuboQuery(importQuery), async (c) => {
      const query = c.req.valid('query')
      const name = requiredArg(c, 'name')
      const material: KeyMaterial = query.pem != null
        ? { pem: query.pem, password: query.password }
        : { format: query.format, bytes: await keyFile(c) }
      const key = await importKey(node.keychain, node.helia.getCrypto, name, material, {
        allowAnyKeyType: query['allow-any-key-type'],
        format: keyIdFormat(query['ipns-base']),
        signal: commandSignal(c)
      })
      return c.json(kuboKey(key))
    })
    .post('/export', kuboQuery(exportQuery), async (c) => {
      const name = requiredArg(c, 'name')
      const { password, format = password == null ? 'libp2p-protobuf-cleartext' : 'pem-pkcs8-cleartext' } = c.req.valid('query')
      const bytes = await exportKey(node.keychain, name, format, { password, signal: commandSignal(c) })
      const pem = format === 'pem-pkcs8-cleartext'
      return c.body(bytes, 200, {
        'Content-Type': pem ? 'application/x-pem-file' : 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${encodeURIComponent(name)}.${pem ? 'pem' : 'key'}"`,
        'Cache-Control': 'no-store'
      })
    })
}

/** The key file of a multipart `key/import`, as `ipfs key import <name> <file>` sends it. */
async function keyFile (c: Context<AppEnv>): Promise<Uint8Array> {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    throw new InvalidArgumentError('argument "key" is required: send the key file as multipart/form-data, or pass pem (and password)')
  }
  for await (const file of multipartFiles(c)) {
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of file.content) {
      size += chunk.byteLength
      if (size > MAX_KEY_FILE_BYTES) {
        throw new LimitExceededError(`a key file is at most ${MAX_KEY_FILE_BYTES} bytes`)
      }
      chunks.push(chunk)
    }
    return Buffer.concat(chunks)
  }
  throw new InvalidArgumentError('argument "key" is required: send the key file as a multipart part')
}
