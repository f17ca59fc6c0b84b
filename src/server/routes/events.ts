import { z } from "zod";
import type { ApiContext } from "../context.js";
import { sseFrame } from "../eventHub.js";
import { defineRoute, type RouteSpec } from "../route.js";
import { EmptyQuery } from "../schemas.js";

const SseHeaders = z.object({
  "last-event-id": z
    .string()
    .regex(/^\d+$/)
    .optional()
    .describe("id of the last keeper event received; the stream resumes after it"),
});

/**
 * `GET /api/events`: server-sent events. `event: run` frames carry {id, status, progress, error?} of API-started
 * runs; `event: keeper` frames carry keeper events (with `id:`). A comment line every `heartbeatMs` keeps proxies
 * from closing the stream. Needs the bearer header like every route: browsers read it with fetch() streaming.
 */
export function eventRoutes(ctx: ApiContext, heartbeatMs = 15_000): RouteSpec[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/events",
      tag: "events",
      summary: "Live server-sent events: run progress and keeper events.",
      query: EmptyQuery,
      headers: SseHeaders,
      response: z.string(),
      stream: true,
      handler: async ({ headers, reply, request }) => {
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        });
        raw.write(": lpguard events\n\n");
        const write = (frame: string) => {
          if (!raw.writableEnded) raw.write(frame);
        };
        const last = headers["last-event-id"];
        const unsubscribe = await ctx.hub.subscribe({
          lastKeeperId: last === undefined ? -1 : Number(last),
          write,
        });
        write(sseFrame("hello", { keeper: ctx.keeper !== undefined }));
        const beat = setInterval(() => write(": ping\n\n"), heartbeatMs);
        beat.unref();
        const end = () => {
          clearInterval(beat);
          unsubscribe();
          if (!raw.writableEnded) raw.end();
        };
        request.raw.on("close", end);
        raw.on("close", end);
        return undefined;
      },
    }),
  ];
}
