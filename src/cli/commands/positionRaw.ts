/**
 * The raw (pool-unit) flags of `lpguard position`: `--tick-lower/--tick-upper` (raw pool ticks) and
 * `--raw-liquidity` (raw L), converted to human prices and liquidity with the pool's token decimals
 * (`--decimals0/--decimals1`) and base token (`--base token0|token1`).
 */
import { ConfigError } from "../../errors/config.js";
import { rawPositionToHuman } from "../../math/position/rawPosition.js";
import { parseIntFlag } from "../flags.js";

export type RawPositionOptions = {
  tickLower?: string;
  tickUpper?: string;
  rawLiquidity?: string;
  decimals0?: string;
  decimals1?: string;
  base?: string;
  lower?: string;
  upper?: string;
  liquidity?: string;
  deposit?: string;
};

/** True when a raw flag was given. */
export function hasRawPositionFlags(o: RawPositionOptions): boolean {
  return o.tickLower !== undefined || o.tickUpper !== undefined || o.rawLiquidity !== undefined;
}

/**
 * Returns the human `lower`, `upper` and `liquidity` the raw flags name (undefined for those not given).
 * @throws {ConfigError} naming the flag: a missing or bad decimal/base flag, a tick that is not an integer in
 *   [−887272, 887272], `--tick-lower` ≥ `--tick-upper`, a raw liquidity that is not an integer in (0, 2^128), or a
 *   raw flag combined with its human twin.
 */
export function parseRawPositionFlags(o: RawPositionOptions): {
  lower?: number;
  upper?: number;
  liquidity?: number;
} {
  const conflict = (flag: string, given: unknown, other: string) => {
    if (given !== undefined)
      throw new ConfigError({ path: flag, reason: `cannot be combined with ${other}` });
  };
  if (o.tickLower !== undefined || o.tickUpper !== undefined) {
    conflict("--lower", o.lower, "--tick-lower/--tick-upper");
    conflict("--upper", o.upper, "--tick-lower/--tick-upper");
    if (o.tickLower === undefined)
      throw new ConfigError({ path: "--tick-lower", reason: "is required with --tick-upper" });
    if (o.tickUpper === undefined)
      throw new ConfigError({ path: "--tick-upper", reason: "is required with --tick-lower" });
  }
  if (o.rawLiquidity !== undefined) {
    conflict("--liquidity", o.liquidity, "--raw-liquidity");
    conflict("--deposit", o.deposit, "--raw-liquidity");
  }
  const why = o.rawLiquidity !== undefined ? "--raw-liquidity" : "--tick-lower/--tick-upper";
  const dec = (flag: string, raw: string | undefined) => {
    if (raw === undefined)
      throw new ConfigError({ path: flag, reason: `is required with ${why} (the pool's token decimals)` });
    return parseIntFlag(flag, raw, { min: 0, max: 255 });
  };
  const decimals0 = dec("--decimals0", o.decimals0);
  const decimals1 = dec("--decimals1", o.decimals1);
  if (o.base !== "token0" && o.base !== "token1")
    throw new ConfigError({
      path: "--base",
      value: o.base,
      reason: `${o.base === undefined ? "is required" : "must be token0 or token1"} with ${why} (which token is the base of the price)`,
    });
  const tick = (flag: string, raw: string | undefined) =>
    raw === undefined ? undefined : parseIntFlag(flag, raw, { min: -887272, max: 887272 });
  const tickLower = tick("--tick-lower", o.tickLower);
  const tickUpper = tick("--tick-upper", o.tickUpper);
  if (tickLower !== undefined && tickUpper !== undefined && !(tickLower < tickUpper))
    throw new ConfigError({
      path: "--tick-lower",
      value: o.tickLower,
      reason: `must be < --tick-upper ${o.tickUpper}`,
    });
  let rawLiquidity: bigint | undefined;
  if (o.rawLiquidity !== undefined) {
    const t = o.rawLiquidity.trim();
    rawLiquidity = /^[0-9]{1,39}$/.test(t) ? BigInt(t) : -1n;
    if (!(rawLiquidity > 0n && rawLiquidity < 1n << 128n))
      throw new ConfigError({
        path: "--raw-liquidity",
        value: o.rawLiquidity,
        reason: "must be a decimal integer in (0, 2^128) (raw v3 liquidity)",
      });
  }
  return rawPositionToHuman({
    tickLower,
    tickUpper,
    rawLiquidity,
    decimals0,
    decimals1,
    baseToken: o.base === "token0" ? 0 : 1,
  });
}
