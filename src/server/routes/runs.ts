import { basename } from "node:path";
import type { ZodTypeAny } from "zod";
import { compareConfigSchema } from "../../backtest/compare.js";
import { backtestConfigSchema, issueToConfigError } from "../../backtest/config.js";
import { RequestValidationError } from "../../errors/api.js";
import { NotFoundError } from "../../errors/store.js";
import { simulationConfigSchema } from "../../simulate/config.js";
import { runListItem } from "../../store/runItem.js";
import type { SweepRecord } from "../../store/types.js";
import { hashJson } from "../canonicalJson.js";
import type { ApiContext } from "../context.js";
import { defineRoute, type RouteSpec } from "../route.js";
import type { RunJob } from "../runJob.js";
import {
  EventsQuery,
  EventsResponse,
  IdempotencyHeaders,
  ListRunsQuery,
  ListRunsResponse,
  ListSweepsResponse,
  RunDetail,
  RunIdParams,
  SeriesQuery,
  SeriesResponse,
  StartRunBody,
  StartRunResponse,
  SweepDetail,
} from "../schemas.js";

function sweepItem(s: SweepRecord) {
  return {
    ...s,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

const CONFIG_SCHEMAS: Record<StartRunBody["kind"], ZodTypeAny> = {
  backtest: backtestConfigSchema,
  compare: compareConfigSchema,
  simulate: simulationConfigSchema,
};

/** Validates the posted config with the schema of its kind; errors name `body.config.<path>`. */
function parseJobConfig(body: StartRunBody): unknown {
  const r = CONFIG_SCHEMAS[body.kind].safeParse(body.config);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const c = issueToConfigError(issue, body.config);
  throw new RequestValidationError({
    field: `body.config${issue.path.length > 0 ? `.${issue.path.join(".")}` : ""}`,
    reason: c.shortMessage.slice(c.path.length + 2).replace(/\.$/, ""),
  });
}

function defaultName(body: StartRunBody, config: unknown): string {
  const c = config as { data?: { pool?: string }; model?: { kind?: string }; strategy?: { kind?: string } };
  if (body.kind === "simulate") return `simulate ${c.model?.kind ?? ""} × ${body.paths} paths`.trim();
  const pool = c.data?.pool !== undefined ? basename(c.data.pool) : "";
  return body.kind === "backtest" ? `${c.strategy?.kind ?? "backtest"} on ${pool}` : `compare on ${pool}`;
}

/** Keeps every `stride`-th row and the last one (the column itself when stride is 1). */
function downsample(data: Float64Array, stride: number): Float64Array {
  const n = data.length;
  if (stride <= 1) return data;
  const keepLast = n > 0 && (n - 1) % stride !== 0;
  const out = new Float64Array(Math.ceil(n / stride) + (keepLast ? 1 : 0));
  let j = 0;
  for (let i = 0; i < n; i += stride) out[j++] = data[i];
  if (keepLast) out[j] = data[n - 1];
  return out;
}

/** Media type of the binary series answer (Accept header). */
export const SERIES_BINARY_TYPE = "application/vnd.lpguard.float64";

function encodeSeriesBinary(d: { series: Record<string, Float64Array>; stride: number }) {
  const cols = Object.entries(d.series);
  const body = Buffer.concat(cols.map(([, a]) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  return {
    body,
    headers: {
      "x-lpguard-columns": JSON.stringify(
        cols.map(([name, a]) => ({ name: encodeURIComponent(name), length: a.length })),
      ),
      "x-lpguard-stride": String(d.stride),
    },
  };
}

export function runRoutes(ctx: ApiContext): RouteSpec[] {
  const mustRun = async (id: string) => {
    const r = await ctx.store.getRun(id);
    if (r === null) throw new NotFoundError({ field: "run", value: id });
    return r;
  };
  return [
    defineRoute({
      method: "GET",
      url: "/api/runs",
      tag: "runs",
      summary: "List stored runs, newest first (filter by kind, status, name).",
      query: ListRunsQuery,
      response: ListRunsResponse,
      handler: async ({ query }) => {
        const filter = { kind: query.kind, status: query.status, name: query.name };
        const [runs, total] = await Promise.all([
          ctx.store.listRuns({ ...filter, limit: query.limit, offset: query.offset }),
          ctx.store.countRuns(filter),
        ]);
        return { runs: runs.map(runListItem), total };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/runs",
      tag: "runs",
      summary:
        "Start a backtest, compare or simulate run from a config. One Idempotency-Key never starts two runs.",
      headers: IdempotencyHeaders,
      body: StartRunBody,
      response: StartRunResponse,
      status: 202,
      extraStatuses: {
        200: "The key was seen before: the first run, nothing started",
        409: "Key reused with another body",
      },
      handler: async ({ headers, body, status }) => {
        const config = parseJobConfig(body);
        const name = body.name ?? defaultName(body, config);
        const spec = { ...body, name, config };
        const { run, created } = await ctx.store.createRun(
          { kind: body.kind, name, spec, status: "queued" },
          { key: headers["idempotency-key"], requestHash: hashJson(body) },
        );
        if (created) {
          const job = { ...spec, baseDir: ctx.baseDir } as RunJob;
          ctx.queue.submit(run.id, job);
        } else status(200);
        return { run: runListItem(run), replayed: !created };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/runs/:id",
      tag: "runs",
      summary: "Read one run: spec, summary and the names and lengths of its series.",
      params: RunIdParams,
      response: RunDetail,
      handler: async ({ params }) => {
        const r = await mustRun(params.id);
        const series = await ctx.store.listSeries(r.id);
        return { ...runListItem(r), spec: r.spec, summary: r.summary, series };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/runs/:id/series",
      tag: "runs",
      summary: "Read a run's series (columns), optionally only some names and downsampled to maxPoints rows.",
      params: RunIdParams,
      query: SeriesQuery,
      response: SeriesResponse,
      binary: {
        type: SERIES_BINARY_TYPE,
        description:
          "The columns' little-endian float64 values back to back (NaN kept); header x-lpguard-columns = JSON [{name (URI-encoded), length}] in order, x-lpguard-stride.",
        encode: (data) =>
          encodeSeriesBinary(data as { series: Record<string, Float64Array>; stride: number }),
      },
      handler: async ({ params, query }) => {
        await mustRun(params.id);
        const listed = query.names
          ?.split(",")
          .map((s: string) => s.trim())
          .filter(Boolean);
        const repeated = query.name === undefined ? undefined : [query.name].flat();
        const names =
          listed === undefined && repeated === undefined
            ? undefined
            : [...(listed ?? []), ...(repeated ?? [])];
        const cols = await ctx.store.getSeries(params.id, names);
        if (names !== undefined) {
          const missing = names.find((n) => !cols.some((c) => c.name === n));
          if (missing !== undefined)
            throw new RequestValidationError({
              field: listed?.includes(missing) ? "query.names" : "query.name",
              value: missing,
              reason: "names no series of this run",
            });
        }
        const length = cols.reduce((m, c) => Math.max(m, c.data.length), 0);
        const stride =
          query.maxPoints !== undefined && length > query.maxPoints
            ? Math.ceil((length - 1) / (query.maxPoints - 1))
            : 1;
        const series: Record<string, Float64Array> = {};
        for (const c of cols) series[c.name] = downsample(c.data, stride);
        return { runId: params.id, length, stride, series };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/runs/:id/events",
      tag: "runs",
      summary: "Read a run's event log (rebalances, hedge fills, funding …), paged by seq.",
      params: RunIdParams,
      query: EventsQuery,
      response: EventsResponse,
      handler: async ({ params, query }) => {
        await mustRun(params.id);
        return { events: await ctx.store.getEvents(params.id, query) };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/sweeps",
      tag: "sweeps",
      summary: "List sweeps, newest first.",
      response: ListSweepsResponse,
      handler: async () => ({ sweeps: (await ctx.store.listSweeps()).map(sweepItem) }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/sweeps/:id",
      tag: "sweeps",
      summary: "Read a sweep and its points (parameters, status, metrics).",
      params: RunIdParams,
      response: SweepDetail,
      handler: async ({ params }) => {
        const s = await ctx.store.getSweep(params.id);
        if (s === null) throw new NotFoundError({ field: "sweep", value: params.id });
        return { ...sweepItem(s), points: await ctx.store.getSweepPoints(s.id) };
      },
    }),
  ];
}
