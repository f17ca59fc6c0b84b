/**
 * The lpguard HTTP API and dashboard: Fastify 5, every `/api/*` route (and `/openapi.json`) behind a bearer token,
 * requests and responses validated with zod, the OpenAPI document generated from the same schemas, the web
 * dashboard (`web/`) and uPlot served from the package files.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { KeeperUnavailableError, RequestValidationError, UnauthorizedError } from "../errors/api.js";
import { BaseError } from "../errors/base.js";
import { ConfigError } from "../errors/config.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { IdempotencyConflictError, NotFoundError } from "../errors/store.js";
import type { Store } from "../store/types.js";
import { createBearerCheck } from "./auth.js";
import type { ApiContext } from "./context.js";
import { createEventHub } from "./eventHub.js";
import type { KeeperReadModel } from "./keeperPort.js";
import { buildOpenApi } from "./openapi.js";
import { ResponseValidationError, type RouteSpec, registerRoute } from "./route.js";
import { eventRoutes } from "./routes/events.js";
import { metaRoutes } from "./routes/meta.js";
import { runRoutes } from "./routes/runs.js";
import { vaultRoutes } from "./routes/vault.js";
import { createRunQueue } from "./runQueue.js";

const here = dirname(fileURLToPath(import.meta.url));
/** `web/` at the repository / package root (src/server and dist/server are both two levels down). */
export const WEB_DIR = resolve(here, "../../web");

export type CreateApiServerParameters = {
  store: Store;
  /** The bearer token every API route requires (≥ 16 characters). */
  token: string;
  keeper?: KeeperReadModel;
  /** Folder that relative data paths in posted configs resolve against (default the CWD). */
  baseDir?: string;
  /** Where 5xx errors and background failures are logged (default stderr). Never given the token. */
  log?: (msg: string, err?: unknown) => void;
  /** Keeper events poll interval of the event stream (ms, default 500). */
  keeperPollMs?: number;
  /** Runs executing at once (default 1). */
  concurrency?: number;
};

export type ApiServer = {
  app: FastifyInstance;
  routes: RouteSpec[];
  /** Stops the run queue (running runs are marked failed), the event stream and the HTTP server. */
  close: () => Promise<void>;
};

function describeError(err: unknown): string {
  const lines: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    lines.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
    e = (e as { cause?: unknown }).cause;
    if (e !== undefined && e !== null) lines.push("caused by:");
  }
  return lines.join("\n");
}

const defaultLog = (msg: string, err?: unknown) =>
  process.stderr.write(`[lpguard serve] ${msg}${err !== undefined ? `\n${describeError(err)}` : ""}\n`);

const packageVersion = (): string => {
  try {
    return (JSON.parse(readFileSync(resolve(here, "../../package.json"), "utf8")) as { version: string })
      .version;
  } catch {
    return "0.0.0";
  }
};

/** Static files: the dashboard and uPlot from node_modules (no CDN). Path → [file, content type]. */
function staticFiles(): Map<string, [string, string]> {
  const req = createRequire(import.meta.url);
  const uplotDir = dirname(req.resolve("uplot/package.json"));
  const m = new Map<string, [string, string]>([
    ["/", [join(WEB_DIR, "index.html"), "text/html; charset=utf-8"]],
    ["/app.js", [join(WEB_DIR, "app.js"), "text/javascript; charset=utf-8"]],
    ["/charts.js", [join(WEB_DIR, "charts.js"), "text/javascript; charset=utf-8"]],
    ["/style.css", [join(WEB_DIR, "style.css"), "text/css; charset=utf-8"]],
    ["/vendor/uplot.js", [join(uplotDir, "dist/uPlot.esm.js"), "text/javascript; charset=utf-8"]],
    ["/vendor/uplot.css", [join(uplotDir, "dist/uPlot.min.css"), "text/css; charset=utf-8"]],
  ]);
  return m;
}

function statusOf(err: unknown): number {
  if (err instanceof UnauthorizedError) return 401;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof IdempotencyConflictError) return 409;
  if (err instanceof KeeperUnavailableError) return 503;
  if (err instanceof ResponseValidationError) return 500;
  if (err instanceof BaseError) return 400;
  const code = (err as FastifyError).statusCode;
  if (typeof code === "number" && code >= 400 && code < 500) return code;
  return 500;
}

function detailsOf(err: unknown): Record<string, unknown> {
  if (err instanceof RequestValidationError) return { field: err.field };
  if (err instanceof ConfigError) return { field: err.path };
  if (err instanceof NotFoundError) return { field: err.field };
  if (err instanceof IdempotencyConflictError) return { field: "headers.idempotency-key", runId: err.runId };
  if (err instanceof UnauthorizedError) return { field: "headers.authorization" };
  const fe = err as FastifyError;
  if (typeof fe.code === "string" && fe.code.startsWith("FST_ERR_CTP")) return { field: "body" };
  return {};
}

/** Returns the API server (not yet listening); call `app.listen({ host, port })`. */
export function createApiServer(p: CreateApiServerParameters): ApiServer {
  requireObject(p, "options");
  requireObject(p.store, "options.store");
  if (typeof p.token !== "string")
    // the value is a secret: never shown
    throw new InvalidInputError({
      field: "options.token",
      value: typeof p.token,
      expected: "a string (not shown)",
    });
  const log = p.log ?? defaultLog;
  const check = createBearerCheck(p.token);
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 10 * 1024 * 1024 });
  const hub = createEventHub({ keeper: p.keeper, pollMs: p.keeperPollMs ?? 500, log });
  const queue = createRunQueue({
    store: p.store,
    log,
    concurrency: p.concurrency ?? 1,
    onUpdate: (u) => hub.publishRun(u),
  });
  const ctx: ApiContext = {
    store: p.store,
    keeper: p.keeper,
    queue,
    hub,
    baseDir: resolve(p.baseDir ?? process.cwd()),
    version: packageVersion(),
    log,
  };
  const routes = [...metaRoutes(ctx), ...runRoutes(ctx), ...vaultRoutes(ctx), ...eventRoutes(ctx)];
  const openapi = buildOpenApi(routes, { title: "lpguard API", version: ctx.version });

  app.addHook("onRequest", async (request) => {
    const path = request.url.split("?")[0];
    if (path.startsWith("/api/") || path === "/api" || path === "/openapi.json")
      check(request.headers.authorization, request.url);
  });
  app.setErrorHandler((err, request, reply) => {
    const status = statusOf(err);
    // 500: our bug or a broken dependency; the client gets no internals, the log gets the cause chain.
    const hidden = status === 500;
    if (hidden) log(`${request.method} ${request.url} failed`, err);
    const e = err as FastifyError;
    const body = {
      error: hidden ? "InternalError" : err instanceof BaseError ? err.name : (e.code ?? "BadRequest"),
      message: hidden
        ? "internal error (logged on the server)"
        : err instanceof BaseError
          ? err.shortMessage
          : `${detailsOf(err).field ?? "request"}: ${e.message}`,
      details: hidden ? {} : detailsOf(err),
    };
    if (status === 401) reply.header("www-authenticate", 'Bearer realm="lpguard"');
    return reply.code(status).type("application/json; charset=utf-8").send(JSON.stringify(body));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("application/json; charset=utf-8")
      .send(
        JSON.stringify({
          error: "NotFound",
          message: `route ${request.method} ${request.url.split("?")[0]}: not found.`,
          details: { field: "url" },
        }),
      ),
  );

  for (const r of routes) registerRoute(app, r);
  app.get("/openapi.json", async (_req, reply) =>
    reply.type("application/json; charset=utf-8").send(openapi),
  );
  for (const [url, [file, type]] of staticFiles())
    app.get(url, async (_req, reply) => {
      if (!existsSync(file)) throw new NotFoundError({ field: "file", value: url });
      return reply
        .type(type)
        .header("cache-control", "no-cache")
        .header(
          "content-security-policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        )
        .send(readFileSync(file));
    });

  let closing: Promise<void> | undefined;
  return {
    app,
    routes,
    close: () => {
      closing ??= (async () => {
        await queue.close();
        hub.close();
        await app.close();
      })();
      return closing;
    },
  };
}

export type StartApiServerParameters = CreateApiServerParameters & { host?: string; port?: number };

export type StartedApiServer = ApiServer & { url: string; port: number; host: string };

/**
 * Starts the API on `host` (default 127.0.0.1) and `port` (default 0: a free one). Runs left queued or running
 * by a previous process are marked failed first (their worker is gone).
 */
export async function startApiServer(p: StartApiServerParameters): Promise<StartedApiServer> {
  requireObject(p, "options");
  requireObject(p.store, "options.store");
  await p.store.failUnfinishedRuns("interrupted: the server stopped before the run finished");
  const s = createApiServer(p);
  const host = p.host ?? "127.0.0.1";
  await s.app.listen({ host, port: p.port ?? 0 });
  const addr = s.app.server.address();
  const port = typeof addr === "object" && addr !== null ? addr.port : (p.port ?? 0);
  const shown = host.includes(":") ? `[${host}]` : host;
  return { ...s, url: `http://${shown}:${port}`, port, host };
}
