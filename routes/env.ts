import type { CairnNode } from '../src/node.ts'
import type { HttpBindings } from '@hono/node-server'

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  /** Present when served by @hono/node-server; used for HTTP trailers. */
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    /** Headers every answer carries, not yet in the answer (routes/middleware/answer-headers.ts). */
    answerHeaders?: Record<string, string>
    /** Aborted when the request outlives its surface's time limit (the gateway's CAIRN_GATEWAY_MAX_REQUEST_MS). */
    deadline?: AbortSignal
    /** The API token a request was authorized with: its name for logs, never its secret. */
    token?: { id: string, name: string }
    /** File bytes read from this request's multipart parts so far (the upload metric). */
    uploadedBytes?: number
    /** The request's signal bounded by Kubo's `timeout` argument, when one was given (routes/kubo/timeout.ts). */
    signal?: AbortSignal
  }
}

/** What route modules are built from: the node, never a module-level singleton. */
export interface RouteDeps {
  node: CairnNode
}
