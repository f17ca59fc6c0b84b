/** Writes the OpenAPI 3.1 document of the declared routes from their zod schemas. */
import type { ZodTypeAny } from "zod";
import type { RouteSpec } from "./route.js";
import { ErrorBody } from "./schemas.js";
import { isOptional, type JsonSchema, zodToJsonSchema } from "./zodToJsonSchema.js";

function parameters(where: "path" | "query" | "header", schema: ZodTypeAny | undefined): JsonSchema[] {
  if (schema === undefined) return [];
  const shape = (schema as unknown as { shape?: Record<string, ZodTypeAny> }).shape ?? {};
  return Object.entries(shape).map(([name, t]) => {
    const s = zodToJsonSchema(t);
    const p: JsonSchema = { name, in: where, required: where === "path" || !isOptional(t), schema: s };
    if (s.description !== undefined) p.description = s.description;
    return p;
  });
}

const ERRORS: Record<number, string> = {
  400: "Bad input: the message names the field and the value",
  401: "No valid bearer token (a token in the URL is never accepted)",
  404: "Not found",
  409: "Idempotency-Key reused with another body",
  500: "Internal error (logged with its cause)",
  503: "No keeper attached",
};

/** Returns the OpenAPI document of `routes`. */
export function buildOpenApi(routes: RouteSpec[], info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const errorStatuses = [
      400,
      401,
      500,
      ...(r.url.includes(":id") ? [404] : []),
      ...Object.keys(r.extraStatuses ?? {}).map(Number),
    ];
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: r.stream
        ? {
            description: "Server-sent events: `event: <kind>` / `data: <JSON>` frames",
            content: { "text/event-stream": { schema: { type: "string" } } },
          }
        : {
            description: "OK",
            content: {
              "application/json": { schema: zodToJsonSchema(r.response) },
              ...(r.binary !== undefined
                ? {
                    [r.binary.type]: {
                      schema: { type: "string", format: "binary", description: r.binary.description },
                    },
                  }
                : {}),
            },
          },
    };
    for (const s of errorStatuses)
      responses[String(s)] = {
        description: r.extraStatuses?.[s] ?? ERRORS[s] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag],
      security: [{ bearer: [] }],
      parameters: [
        ...parameters("path", r.params),
        ...parameters("query", r.query),
        ...parameters("header", r.headers),
      ],
      responses,
    };
    if (r.body !== undefined)
      op.requestBody = {
        required: !isOptional(r.body),
        content: { "application/json": { schema: zodToJsonSchema(r.body) } },
      };
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info,
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { Error: zodToJsonSchema(ErrorBody) },
    },
    paths,
  };
}
