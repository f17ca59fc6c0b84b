/**
 * The zod schemas of every request and response of the API: the server validates with them and the OpenAPI
 * document is generated from them (openapi.ts), so the two cannot disagree.
 */
import { z } from "zod";
import { compareConfigSchema } from "../backtest/compare.js";
import { backtestConfigSchema } from "../backtest/config.js";
import { simulationConfigSchema } from "../simulate/config.js";
import { withJsonSchema, zodToJsonSchema } from "./zodToJsonSchema.js";

/** A float64 column: sent as a JSON array of numbers, NaN (e.g. the range of a flat position) as null. */
const Float64Column = withJsonSchema(
  z.custom<Float64Array>((v) => v instanceof Float64Array, "expected a Float64Array"),
  {
    type: "array",
    items: { anyOf: [{ type: "number" }, { type: "null" }] },
  },
);

export const ErrorBody = z
  .object({
    error: z.string().describe("error class, e.g. ValidationError, ConfigError, NotFoundError"),
    message: z.string().describe("one line naming the field and the bad value"),
    details: z.record(z.unknown()).describe("field: the dotted path of the bad input, when there is one"),
  })
  .describe("Every 4xx/5xx answer");

const runKind = z.enum(["backtest", "compare", "simulate", "sweep-point"]);
const runStatus = z.enum(["queued", "running", "done", "failed"]);

export const RunListItem = z.object({
  id: z.string(),
  kind: runKind,
  name: z.string(),
  status: runStatus,
  progress: z.number().min(0).max(1),
  error: z.string().nullable(),
  sweepId: z.string().nullable(),
  createdAt: z.string().describe("ISO 8601"),
  updatedAt: z.string().describe("ISO 8601"),
});

export const RunDetail = RunListItem.extend({
  spec: z.unknown().describe("the validated config the run ran"),
  summary: z.unknown().describe("the run's JSON result (backtest summary, compare rows, simulation report)"),
  series: z.array(z.object({ name: z.string(), length: z.number().int() })),
});

export const ListRunsQuery = z
  .object({
    kind: runKind.optional(),
    status: runStatus.optional(),
    name: z.string().max(200).optional().describe("substring of the name, case-insensitive"),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const ListRunsResponse = z.object({ runs: z.array(RunListItem), total: z.number().int() });

export const RunIdParams = z.object({ id: z.string().min(1).max(100) }).strict();

export const SeriesQuery = z
  .object({
    names: z.string().max(4000).optional().describe("comma-separated series names (default: all)"),
    name: z
      .union([z.string().max(400), z.array(z.string().max(400)).max(500)])
      .optional()
      .describe("a series name, repeatable (for names that contain commas)"),
    maxPoints: z.coerce
      .number()
      .int()
      .min(2)
      .max(10_000_000)
      .optional()
      .describe("keep every k-th row (and the last) so that at most this many remain"),
  })
  .strict();

export const SeriesResponse = z.object({
  runId: z.string(),
  /** Rows of the stored series (before any downsampling). */
  length: z.number().int(),
  stride: z.number().int().min(1),
  series: z
    .record(Float64Column)
    .describe("name → values; NaN (e.g. the range of a flat position) travels as null"),
});

export const EventsQuery = z
  .object({
    afterSeq: z.coerce.number().int().min(-1).default(-1),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    kind: z.string().max(100).optional(),
  })
  .strict();

export const RunEvent = z.object({
  seq: z.number().int(),
  time: z.number(),
  bar: z.number().int(),
  kind: z.string(),
  venue: z.string(),
  fields: z.record(z.union([z.number(), z.string(), z.boolean(), z.null()])),
});

export const EventsResponse = z.object({ events: z.array(RunEvent) });

const name = z.string().min(1).max(200).optional();
/**
 * The run config as in a config file (data paths resolve on the server). The body schema takes any object and the
 * handler validates it with the kind's own schema (errors name `body.config.<path>`); the document shows that
 * schema.
 */
const config = (schema: z.ZodTypeAny, what: string) =>
  withJsonSchema(z.record(z.unknown()), {
    ...zodToJsonSchema(schema),
    description: `a ${what} config, as in a config file (data paths resolve against the server's --data-dir)`,
  });

export const StartRunBody = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("backtest"), name, config: config(backtestConfigSchema, "backtest") }).strict(),
  z.object({ kind: z.literal("compare"), name, config: config(compareConfigSchema, "compare") }).strict(),
  z
    .object({
      kind: z.literal("simulate"),
      name,
      config: config(simulationConfigSchema, "simulate"),
      paths: z.number().int().min(1).max(1_000_000).default(1000),
      seed: z.number().int().min(0).max(4_294_967_295).default(1),
    })
    .strict(),
]);
export type StartRunBody = z.infer<typeof StartRunBody>;

export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/)
    .describe("client-chosen unique key; repeating it returns the first run"),
});

export const StartRunResponse = z.object({
  run: RunListItem,
  replayed: z.boolean().describe("true when the key was seen before and no new run started"),
});

export const SweepItem = z.object({
  id: z.string(),
  name: z.string(),
  spec: z.unknown(),
  status: z.enum(["running", "done", "failed"]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ListSweepsResponse = z.object({ sweeps: z.array(SweepItem) });
export const SweepDetail = SweepItem.extend({
  points: z.array(
    z.object({
      hash: z.string(),
      params: z.unknown(),
      status: runStatus,
      metrics: z.record(z.number()).nullable(),
      runId: z.string().nullable(),
    }),
  ),
});

/* keeper (vault) ----------------------------------------------------------------------------------------- */

const decimalString = z.string().regex(/^-?\d+$/);

export const KeeperStatusSchema = z.object({
  vault: z.string(),
  state: z.enum(["ready", "running", "degraded", "stopped", "faulted"]),
  reason: z.string().optional(),
  lastBlock: decimalString.describe("block number, decimal string"),
  updatedAt: z.number(),
  positions: z.array(
    z.object({
      tokenId: decimalString,
      pool: z.string(),
      tickLower: z.number().int(),
      tickUpper: z.number().int(),
      liquidity: decimalString.describe("exact v3 liquidity, decimal string"),
      inRange: z.boolean(),
    }),
  ),
  hedges: z.array(z.object({ venue: z.string(), symbol: z.string(), quantity: z.number() })),
  netDelta: z.record(z.number()).describe("asset → net delta in base units"),
  attribution: z.record(z.number()).describe("component → quote units"),
  value: z.number(),
  hodlValue: z.number(),
  journalCounts: z.record(z.number().int()),
  dataFreshnessMs: z.number(),
});

export const VaultStatusResponse = z.object({ status: KeeperStatusSchema.nullable() });

export const JournalQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    afterId: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const JournalEntry = z.object({
  id: z.string(),
  seq: z.number().int(),
  vault: z.string(),
  policy: z.string(),
  bar: z.number().int(),
  leg: z.string(),
  kind: z.string(),
  action: z.string().optional(),
  state: z.string(),
  txHash: z.string().optional(),
  clientOrderId: z.string().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  detail: z.unknown(),
});
export const JournalResponse = z.object({ entries: z.array(JournalEntry) });

export const KeeperEventsQuery = z
  .object({
    afterId: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const KeeperEvent = z.object({
  id: z.number().int(),
  time: z.number(),
  kind: z.string(),
  fields: z.record(z.unknown()),
});
export const KeeperEventsResponse = z.object({ events: z.array(KeeperEvent) });

export const StopBody = z
  .object({ kill: z.boolean().default(false).describe("pull the kill switch instead of a clean stop") })
  .strict();
export const StopResponse = z.object({ requested: z.enum(["stop", "kill"]) });

export const HealthResponse = z.object({
  ok: z.literal(true),
  store: z.enum(["sqlite", "postgres"]),
  keeper: z.boolean(),
  version: z.string(),
});

export const EmptyQuery = z.object({}).strict();
