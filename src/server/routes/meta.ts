import type { ApiContext } from "../context.js";
import { defineRoute, type RouteSpec } from "../route.js";
import { EmptyQuery, HealthResponse } from "../schemas.js";

export function metaRoutes(ctx: ApiContext): RouteSpec[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/health",
      tag: "meta",
      summary: "Liveness: which store backs the API and whether a keeper is attached.",
      query: EmptyQuery,
      response: HealthResponse,
      handler: async () => ({
        ok: true as const,
        store: ctx.store.dialect,
        keeper: ctx.keeper !== undefined,
        version: ctx.version,
      }),
    }),
  ];
}
