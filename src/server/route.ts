/**
 * Routes are declared as data (method, url, zod schemas, handler) so that the same declaration registers the
 * Fastify handler, validates the request and the response, and writes the OpenAPI document (openapi.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodIssue, ZodTypeAny, z } from "zod";
import { issueToConfigError } from "../backtest/config.js";
import { RequestValidationError } from "../errors/api.js";
import { BaseError } from "../errors/base.js";
import { toJson } from "./json.js";

export type RouteContext<P, Q, B, H> = {
  params: P;
  query: Q;
  body: B;
  headers: H;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Sets the success status (default the route's `status`). */
  status: (code: number) => void;
};

export type RouteSpec<
  P extends ZodTypeAny = ZodTypeAny,
  Q extends ZodTypeAny = ZodTypeAny,
  B extends ZodTypeAny = ZodTypeAny,
  H extends ZodTypeAny = ZodTypeAny,
  R extends ZodTypeAny = ZodTypeAny,
> = {
  method: "GET" | "POST" | "DELETE";
  /** Fastify path, `:name` for parameters. */
  url: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  headers?: H;
  response: R;
  /** Success status (default 200). Other documented statuses: `extraStatuses`. */
  status?: number;
  extraStatuses?: Record<number, string>;
  /**
   * A binary form of the (validated) answer, sent instead of JSON when the request's Accept header names
   * `binary.type`.
   */
  binary?: {
    type: string;
    description: string;
    encode: (data: unknown) => { body: Buffer; headers: Record<string, string> };
  };
  /** `text/event-stream` for the SSE route: the handler writes the raw response itself. */
  stream?: boolean;
  handler: (
    ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>, z.infer<H>>,
  ) => Promise<z.infer<R> | undefined>;
};

/** Keeps the types of a route declaration (identity at runtime). */
export function defineRoute<
  P extends ZodTypeAny,
  Q extends ZodTypeAny,
  B extends ZodTypeAny,
  H extends ZodTypeAny,
  R extends ZodTypeAny,
>(spec: RouteSpec<P, Q, B, H, R>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** Returns the RequestValidationError of the first zod issue, its field prefixed by where it was (body, query …). */
export function issueToRequestError(where: string, issue: ZodIssue, raw: unknown): RequestValidationError {
  // issueToConfigError words the reason the way config files get it: "<path>: <reason>."
  const c = issueToConfigError(issue, raw);
  const reason = c.shortMessage.slice(c.path.length + 2).replace(/\.$/, "");
  const field = issue.path.length > 0 ? `${where}.${issue.path.join(".")}` : where;
  return new RequestValidationError({ field, reason });
}

function validate<T extends ZodTypeAny>(where: string, schema: T | undefined, raw: unknown): z.infer<T> {
  if (schema === undefined) return undefined;
  const r = schema.safeParse(raw ?? (where === "body" ? undefined : {}));
  if (!r.success) throw issueToRequestError(where, r.error.issues[0], raw);
  return r.data;
}

/** A response that does not match its schema is our bug: a 500 whose cause names the path. */
export class ResponseValidationError extends BaseError {
  constructor(url: string, issue: ZodIssue) {
    super(`response of ${url}: ${issue.path.join(".") || "(root)"}: ${issue.message}.`, {
      name: "ResponseValidationError",
    });
  }
}

/** Registers a declared route on Fastify: validate request → handler → validate response → send. */
export function registerRoute(app: FastifyInstance, spec: RouteSpec): void {
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const params = validate("params", spec.params, request.params);
      const query = validate("query", spec.query, request.query);
      const headers = validate("headers", spec.headers, request.headers);
      const body = validate("body", spec.body, request.body);
      let status = spec.status ?? 200;
      const result = await spec.handler({
        params,
        query,
        body,
        headers,
        request,
        reply,
        status: (code) => {
          status = code;
        },
      });
      if (spec.stream) return reply;
      const checked = spec.response.safeParse(result);
      if (!checked.success) throw new ResponseValidationError(spec.url, checked.error.issues[0]);
      if (spec.binary !== undefined && (request.headers.accept ?? "").includes(spec.binary.type)) {
        const { body, headers } = spec.binary.encode(checked.data);
        return reply.code(status).headers(headers).type(spec.binary.type).send(body);
      }
      return reply.code(status).type("application/json; charset=utf-8").send(toJson(checked.data));
    },
  });
}
