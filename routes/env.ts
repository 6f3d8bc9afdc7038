import type { CairnNode } from '../src/node.ts'
import type { HttpBindings } from '@hono/node-server'

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  /** Present when served by @hono/node-server; used for HTTP trailers. */
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    /** The request's signal bounded by Kubo's `timeout` argument, when one was given (routes/kubo/timeout.ts). */
    signal?: AbortSignal
  }
}

/** What route modules are built from: the node, never a module-level singleton. */
export interface RouteDeps {
  node: CairnNode
}
