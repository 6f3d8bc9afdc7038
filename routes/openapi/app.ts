import { OpenAPIHono } from '@hono/zod-openapi'
import { refuseInvalid } from '../validated.ts'
import type { AppEnv } from '../env.ts'

/**
 * A sub-app whose routes are declared with `createRoute`: the same zod
 * definitions validate requests (failures are the API's usual 400) and
 * describe them in the OpenAPI document (routes/openapi/document.ts).
 */
export function openApiRoutes (): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: (result) => { refuseInvalid(result) } })
}
