import type { CairnNode } from '../src/node.ts'

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Variables: {
    requestId: string
  }
}

/** What route modules are built from: the node, never a module-level singleton. */
export interface RouteDeps {
  node: CairnNode
}
