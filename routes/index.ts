/**
 * The HTTP layer: two Hono apps, one per listener. The gateway's is public
 * and read-only; the API's needs the token. Only src/main.ts imports this.
 */
export { createGatewayApp } from './gateway.ts'
export type { GatewayAppOptions } from './gateway.ts'
export { createApiApp } from './api.ts'
export type { ApiAppOptions } from './api.ts'
export type { AppEnv } from './env.ts'
