import type { Command } from "commander";
import { BaseError, formatValue } from "../../errors/base.js";
import { ConfigError } from "../../errors/config.js";
import { InvalidInputError } from "../../errors/math.js";
import {
  type AnalyzePositionReturnType,
  analyzePosition,
  type PositionKind,
} from "../../math/position/analyzePosition.js";
import { parseOptionalNumberFlag, rejectFlags } from "../flags.js";
import { toJsonText } from "../json.js";
import { renderKeyValue } from "../table.js";
import type { RegisterCommand } from "./index.js";
import { addOnchainPositionOptions, isOnchainPosition, runPositionOnchain } from "./positionOnchain.js";
import { hasRawPositionFlags, parseRawPositionFlags, type RawPositionOptions } from "./positionRaw.js";

type PositionOptions = {
  kind?: string;
  price?: string;
  entryPrice?: string;
  liquidity?: string;
  deposit?: string;
  lower?: string;
  upper?: string;
  weight?: string;
  vol?: string;
  json?: boolean;
} & RawPositionOptions;

/** The flag behind each `analyzePosition` input, and the option key holding its raw text. */
const FLAGS = {
  kind: ["--kind", "kind"],
  price: ["--price", "price"],
  entryPrice: ["--entry-price", "entryPrice"],
  liquidity: ["--liquidity", "liquidity"],
  deposit: ["--deposit", "deposit"],
  lower: ["--lower", "lower"],
  upper: ["--upper", "upper"],
  weight: ["--weight", "weight"],
  vol: ["--vol", "vol"],
} as const satisfies Record<string, readonly [string, keyof PositionOptions]>;

/**
 * Bounds of the numeric flags: prices within [1e-12, 1e12] quote per base, amounts within [1e-12, 1e15], a
 * volatility within [0, 10] (1000 % a year). Inside them every output of `analyzePosition` is a finite float64.
 */
const BOUNDS: Record<string, { min: number; max: number }> = {
  "--price": { min: 1e-12, max: 1e12 },
  "--entry-price": { min: 1e-12, max: 1e12 },
  "--lower": { min: 1e-12, max: 1e12 },
  "--upper": { min: 1e-12, max: 1e12 },
  "--liquidity": { min: 1e-12, max: 1e15 },
  "--deposit": { min: 1e-12, max: 1e15 },
  "--vol": { min: 0, max: 10 },
};

/** Re-throws an InvalidInputError from the math layer as a ConfigError naming the flag and its raw text. */
function toFlagError(err: unknown, opts: PositionOptions): unknown {
  if (err instanceof InvalidInputError && !(err.field in FLAGS)) {
    // An output (value, gamma, …) left float64: name the flags that set it, never the internal variable.
    const given = Object.values(FLAGS)
      .filter(([, key]) => opts[key] !== undefined && key !== "kind")
      .map(([flag]) => flag);
    return new ConfigError({
      path: given.join(", "),
      reason: `together give a ${err.field} outside float64 (${formatValue(err.value)}); use less extreme values`,
    });
  }
  if (!(err instanceof InvalidInputError) || !(err.field in FLAGS)) return err;
  const [flag, key] = FLAGS[err.field as keyof typeof FLAGS];
  const raw = opts[key];
  const prefix = `${err.field} ${formatValue(err.value)} is invalid: `;
  let reason = err.shortMessage.startsWith(prefix) ? err.shortMessage.slice(prefix.length) : err.shortMessage;
  reason = reason.replace(/\.$/, "");
  if (err.field === "liquidity" && raw === undefined) reason = "give one of --liquidity or --deposit";
  if (err.field === "deposit" && opts.liquidity !== undefined) reason = "cannot be combined with --liquidity";
  if ((err.field === "lower" || err.field === "upper") && raw === undefined)
    reason = "is required for --kind v3";
  if (
    (err.field === "lower" || err.field === "upper" || err.field === "weight") &&
    reason.startsWith("expected no ")
  )
    reason = `is not used by --kind ${opts.kind}`;
  if (err.field === "lower" && raw !== undefined && reason.includes("upper"))
    reason = `must be < --upper ${opts.upper}`;
  return new ConfigError({ path: flag, value: typeof raw === "string" ? raw : undefined, reason });
}

const pct = (x: number) => `${(x * 100).toFixed(4)} %`;

/** Flags of the analytic form (option names); the on-chain form reads all of it from the chain. */
const ANALYTIC_FLAGS = [
  "price",
  "entryPrice",
  "liquidity",
  "deposit",
  "lower",
  "upper",
  "weight",
  "tickLower",
  "tickUpper",
  "rawLiquidity",
  "decimals0",
  "decimals1",
] as const;
/** Flags only the on-chain form reads. */
const ONCHAIN_FLAGS = ["positionManager", "horizonDays", "block", "fromBlock", "logChunk"] as const;

/**
 * Throws ConfigError naming the first flag given on the command line that the chosen form of `position` does not
 * read (never ignored): analytic flags with the on-chain form, on-chain flags without it, the pool-unit helpers
 * (--decimals0/1, --base) without a raw flag, v3 ticks with another --kind, a raw liquidity for a weighted pool.
 */
export function rejectPositionFlags(cmd: Command, opts: PositionOptions): void {
  if (isOnchainPosition(opts)) {
    rejectFlags(
      cmd,
      ANALYTIC_FLAGS,
      "does not apply to the on-chain form (the position is read from the chain)",
    );
    if (opts.vol === undefined) rejectFlags(cmd, ["horizonDays"], "applies only with --vol");
    return;
  }
  rejectFlags(
    cmd,
    ONCHAIN_FLAGS,
    "applies only to the on-chain form (--rpc or --deployment, --token-id or --owner)",
  );
  if (!hasRawPositionFlags(opts))
    rejectFlags(
      cmd,
      ["decimals0", "decimals1", "base"],
      "applies only with --tick-lower/--tick-upper/--raw-liquidity",
    );
  if (opts.kind === "v2" || opts.kind === "weighted")
    rejectFlags(cmd, ["tickLower", "tickUpper"], `is not used by --kind ${opts.kind}`);
  if (opts.kind === "weighted")
    rejectFlags(cmd, ["rawLiquidity"], "is not used by --kind weighted (its --liquidity is the invariant k)");
}

function humanRows(r: AnalyzePositionReturnType): [string, string | number][] {
  const rows: [string, string | number][] = [
    ["kind", r.kind],
    ["price", r.price],
    ["entry price", r.entryPrice],
  ];
  if (r.lower !== undefined && r.upper !== undefined) rows.push(["range", `${r.lower} .. ${r.upper}`]);
  if (r.weight !== undefined) rows.push(["base weight", r.weight]);
  rows.push(
    ["in range", r.inRange ? "yes" : "no"],
    ["liquidity", r.liquidity],
    ["value (quote)", r.value],
    ["hodl value (quote)", r.hodlValue],
    ["impermanent loss", pct(r.impermanentLoss)],
    ["amount base", r.amountBase],
    ["amount quote", r.amountQuote],
    ["delta (base)", r.delta],
    ["gamma", r.gamma],
  );
  if (r.lvrPerYear !== undefined) rows.push(["LVR per year (quote)", r.lvrPerYear]);
  if (r.breakEvenFeeApr !== undefined) rows.push(["break-even fee APR", pct(r.breakEvenFeeApr)]);
  return rows;
}

/**
 * `lpguard position`: value, held value, impermanent loss, amounts, delta, gamma and (with `--vol`) LVR and
 * the break-even fee APR of one v2, v3 or weighted-pool position, from `analyzePosition`.
 */
export const registerPosition: RegisterCommand = (program, io) => {
  addOnchainPositionOptions(program.command("position"))
    .description(
      "Analyse one LP position: value, IL, amounts, delta, gamma and LVR (v2, v3 range, weighted pool).",
    )
    .option("--kind <kind>", "pool kind: v2 | v3 | weighted")
    .option("--price <P>", "current price, quote per base")
    .option("--entry-price <P0>", "entry price, quote per base")
    .option("--liquidity <L>", "liquidity L (v2, v3) or invariant k (weighted), human units")
    .option("--deposit <V>", "deposit value in quote at the entry price (instead of --liquidity)")
    .option("--lower <A>", "v3: lower end of the range, quote per base")
    .option("--upper <B>", "v3: upper end of the range, quote per base")
    .option("--weight <w>", "weighted: base weight in (0, 1)")
    .option(
      "--tick-lower <t>",
      "v3: lower raw pool tick (instead of --lower; needs --decimals0/1 and --base)",
    )
    .option("--tick-upper <t>", "v3: upper raw pool tick (instead of --upper)")
    .option(
      "--raw-liquidity <L>",
      "raw liquidity in contract units, a decimal integer (instead of --liquidity)",
    )
    .option("--decimals0 <d>", "decimals of the pool's token0 (with the raw flags)")
    .option("--decimals1 <d>", "decimals of the pool's token1 (with the raw flags)")
    .option("--vol <sigma>", "annualised volatility, e.g. 0.8 for 80 %: adds LVR and the break-even fee APR")
    .option("--json", "print one JSON object")
    .action((opts: PositionOptions, cmd: Command) => {
      rejectPositionFlags(cmd, opts);
      if (isOnchainPosition(opts)) return runPositionOnchain(opts, io);
      const num = (flag: string, raw: string | undefined) => parseOptionalNumberFlag(flag, raw, BOUNDS[flag]);
      const raw = hasRawPositionFlags(opts) ? parseRawPositionFlags(opts) : {};
      let result: AnalyzePositionReturnType;
      try {
        result = analyzePosition({
          kind: opts.kind as PositionKind,
          price: num("--price", opts.price) as number,
          entryPrice: num("--entry-price", opts.entryPrice) as number,
          liquidity: raw.liquidity ?? num("--liquidity", opts.liquidity),
          deposit: num("--deposit", opts.deposit),
          lower: raw.lower ?? num("--lower", opts.lower),
          upper: raw.upper ?? num("--upper", opts.upper),
          weight: num("--weight", opts.weight),
          vol: num("--vol", opts.vol),
        });
      } catch (err) {
        const mapped = toFlagError(err, opts);
        if (mapped instanceof BaseError) throw mapped;
        throw err;
      }
      if (opts.json) io.out(toJsonText(result, 0));
      else io.out(renderKeyValue(humanRows(result)));
    });
};
