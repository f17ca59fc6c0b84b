import { KeeperUnavailableError } from "../../errors/api.js";
import type { ApiContext } from "../context.js";
import type { KeeperReadModel } from "../keeperPort.js";
import { defineRoute, type RouteSpec } from "../route.js";
import {
  EmptyQuery,
  JournalQuery,
  JournalResponse,
  KeeperEventsQuery,
  KeeperEventsResponse,
  StopBody,
  StopResponse,
  VaultStatusResponse,
} from "../schemas.js";

const NO_KEEPER = { 503: "No keeper database attached (--keeper-db)" };

export function vaultRoutes(ctx: ApiContext): RouteSpec[] {
  const keeper = (): KeeperReadModel => {
    if (ctx.keeper === undefined) throw new KeeperUnavailableError();
    return ctx.keeper;
  };
  return [
    defineRoute({
      method: "GET",
      url: "/api/vault",
      tag: "vault",
      summary:
        "The keeper's vault state: positions, hedges, net delta per asset, attribution, data freshness.",
      query: EmptyQuery,
      response: VaultStatusResponse,
      extraStatuses: NO_KEEPER,
      handler: async () => ({ status: await keeper().status() }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/vault/journal",
      tag: "vault",
      summary: "The keeper's journal of intents, orders and fills.",
      query: JournalQuery,
      response: JournalResponse,
      extraStatuses: NO_KEEPER,
      handler: async ({ query }) => ({ entries: await keeper().journal(query) }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/vault/events",
      tag: "vault",
      summary: "The keeper's events after an id (the live stream is GET /api/events).",
      query: KeeperEventsQuery,
      response: KeeperEventsResponse,
      extraStatuses: NO_KEEPER,
      handler: async ({ query }) => ({ events: await keeper().events(query) }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/vault/stop",
      tag: "vault",
      summary: "Ask the keeper to stop cleanly, or with kill: true to pull its kill switch.",
      body: StopBody,
      response: StopResponse,
      status: 202,
      extraStatuses: NO_KEEPER,
      handler: async ({ body }) => {
        await keeper().requestStop({ kill: body.kill });
        return { requested: body.kill ? ("kill" as const) : ("stop" as const) };
      },
    }),
  ];
}
