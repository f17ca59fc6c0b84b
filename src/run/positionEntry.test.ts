import { maxLiquidityForAmounts, TickMath } from "@uniswap/v3-sdk";
import { beforeAll, describe, expect, test } from "vitest";
import { B, J } from "../../test/helpers/jsbi.js";
import { sharedData } from "../../test/helpers/sharedData.js";
import { runBacktest } from "../backtest/runBacktest.js";
import { type BacktestConfig, parseBacktestConfig } from "../config/index.js";
import { loadPoolSeries } from "../data/index.js";
import { ConfigError } from "../errors/config.js";
import { tickToPrice } from "../math/units.js";
import type { PoolSeries } from "../types/series.js";
import { assemble } from "./assemble.js";

const POOL = sharedData("uniswap-v3", "polygon-weth-usdc-005");
let series: PoolSeries;
beforeAll(() => {
  series = loadPoolSeries({ path: POOL, from: "2022-07-19", to: "2022-07-21" });
}, 60_000);

const base = {
  data: { pool: POOL },
  strategy: { kind: "passive" },
  costs: { gasQuote: 0.05, priceImpact: true },
};
const cfg = (position: object, extra: object = {}): BacktestConfig =>
  parseBacktestConfig({ ...base, position, ...extra });
const run = (config: BacktestConfig) => runBacktest({ config, baseDir: ".", series });
const mintEvent = (r: ReturnType<typeof run>) =>
  r.events.find((e) => e.kind === "pool" && e.fields.intent === "mint")!;

function errorOf(raw: object): ConfigError {
  try {
    const c = parseBacktestConfig({ ...base, ...raw }, "cfg.yaml");
    assemble({ config: c, baseDir: ".", series, record: false });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("position forms", () => {
  test("a liquidity config reproduces the position of the deposit config whose liquidity and ticks it copies", () => {
    const dep = run(cfg({ deposit: 10000, range: { belowPct: 10, abovePct: 10 } }));
    const t = dep.totals;
    const liq = run(
      cfg({ liquidity: t.liquidity.toString(), ticks: { lower: t.tickLower!, upper: t.tickUpper! } }),
    );
    expect(liq.totals.liquidity).toBe(t.liquidity);
    expect([liq.totals.tickLower, liq.totals.tickUpper]).toEqual([t.tickLower, t.tickUpper]);
    // Same L on the same ticks over the same minutes: the same fees, LVR and rebalancing PnL, to the bit.
    expect(liq.totals.feesBaseAmount).toBe(t.feesBaseAmount);
    expect(liq.totals.feesQuoteAmount).toBe(t.feesQuoteAmount);
    expect(liq.totals.attribution.lvr).toBe(t.attribution.lvr);
    expect(liq.totals.attribution.rebalancing).toBe(t.attribution.rebalancing);
    expect(liq.totals.timeInRange).toBe(t.timeInRange);
    // The liquidity run holds exactly the mint's tokens: no swap, no leftover but the mint gas.
    expect(liq.totals.attribution.costsSwapFee).toBe(0);
    const m = mintEvent(liq);
    expect(m.fields.cashBase).toBe(0);
    expect(m.fields.cashQuote).toBeCloseTo(-0.05, 12);
    // The deposit run differs only by what it kept outside the position (its swap costs and leftover cash).
    expect(dep.totals.attribution.costsSwapFee).toBeGreaterThan(0);
    // Same position and fees: the final values differ by the cash each run kept beside it, marked at the end.
    const md = mintEvent(dep).fields;
    const pEnd = dep.series.price[dep.series.price.length - 1];
    const keptDep = (md.cashQuote as number) + (md.cashBase as number) * pEnd;
    const keptLiq = m.fields.cashQuote as number;
    expect(dep.totals.finalValue - liq.totals.finalValue - (keptDep - keptLiq)).toBeCloseTo(0, 6);
  }, 60_000);

  test("amounts mint L = min(L0, L1) as LiquidityAmounts (@uniswap/v3-sdk), no swap, the leftover kept as cash", () => {
    const ticks = { lower: 200_000, upper: 203_000 };
    for (const amounts of [
      { base: 1, quote: 1500 },
      { base: 5, quote: 100 },
      { base: 0, quote: 2000 },
    ]) {
      const r = run(cfg({ amounts, ticks }, { costs: { gasQuote: 0, priceImpact: false } }));
      const m = series.meta;
      const raw0 = BigInt(Math.floor(amounts.quote * 10 ** m.token0.decimals)); // USDC is token0
      const raw1 = BigInt(Math.floor(amounts.base * 10 ** m.token1.decimals));
      const want = B(
        maxLiquidityForAmounts(
          TickMath.getSqrtRatioAtTick(series.closeTick[0]),
          TickMath.getSqrtRatioAtTick(ticks.lower),
          TickMath.getSqrtRatioAtTick(ticks.upper),
          J(raw0),
          J(raw1),
          false,
        ),
      );
      expect(r.totals.liquidity).toBe(want);
      expect(r.totals.attribution.costsSwapFee).toBe(0);
      expect(r.totals.initialValue).toBeCloseTo(amounts.quote + amounts.base * r.series.price[0], 9);
      const mt = mintEvent(r);
      // The leftover is cash, never negative; the binding token is used up to dust.
      expect(mt.fields.cashBase as number).toBeGreaterThanOrEqual(0);
      expect(mt.fields.cashQuote as number).toBeGreaterThanOrEqual(0);
      expect(
        Math.min((mt.fields.cashBase as number) * r.series.price[0], mt.fields.cashQuote as number),
      ).toBeLessThan(1e-3);
    }
  }, 60_000);

  test("amounts with a range mint on the range's ticks without a swap, as amounts with those ticks", () => {
    const a = run(cfg({ amounts: { base: 2, quote: 3000 }, range: { belowPct: 10, abovePct: 10 } }));
    expect(a.totals.attribution.costsSwapFee).toBe(0);
    const b = run(
      cfg({
        amounts: { base: 2, quote: 3000 },
        ticks: { lower: a.totals.tickLower!, upper: a.totals.tickUpper! },
      }),
    );
    expect(b.totals).toEqual(a.totals);
  }, 60_000);

  test("ticks and a range naming the same ticks give the same run", () => {
    const a = run(cfg({ deposit: 5000, range: { lower: 1400, upper: 1700 } }));
    const b = run(cfg({ deposit: 5000, ticks: { lower: a.totals.tickLower!, upper: a.totals.tickUpper! } }));
    expect(b.totals).toEqual(a.totals);
  }, 60_000);

  test("entry open mints at the first minute's open tick and earns that minute's fees; close is the default", () => {
    const close = run(cfg({ deposit: 10000, range: { belowPct: 10, abovePct: 10 } }));
    const explicit = run(cfg({ deposit: 10000, range: { belowPct: 10, abovePct: 10 }, entry: "close" }));
    expect(explicit.totals).toEqual(close.totals);
    const open = run(cfg({ deposit: 10000, range: { belowPct: 10, abovePct: 10 }, entry: "open" }));
    const m = series.meta;
    const priceAt = (tick: number) =>
      tickToPrice({
        tick,
        decimals0: m.token0.decimals,
        decimals1: m.token1.decimals,
        baseToken: m.baseToken,
      });
    expect(open.totals.entryPrice / priceAt(series.openTick[0]) - 1).toBeLessThan(1e-12);
    expect(close.totals.entryPrice / priceAt(series.closeTick[0]) - 1).toBeLessThan(1e-12);
    expect(open.totals.rows).toBe(series.length + 1);
    // The first minute's fees: earned by the open entry (recorded at its row 1), not by the close entry.
    expect(close.series.fees[0]).toBe(0);
    // The pool's fee share of minute 0 (close mode, in range), independently: inAmount × fee × L / (L_pool + L).
    const L = Number(open.totals.liquidity);
    const share = L / (series.liquidity[0] + L);
    const want =
      (series.inAmount0[0] * m.fee * share) / 1e6 +
      ((series.inAmount1[0] * m.fee * share) / 1e18) * priceAt(series.closeTick[0]);
    expect(series.inAmount0[0]).toBeGreaterThan(0);
    expect(Math.abs(open.series.fees[1] / want - 1)).toBeLessThan(1e-12);
  }, 60_000);

  test("costs.gasQuote 0 and costs.priceImpact false are valid", () => {
    const c = cfg(
      { deposit: 1000, range: { belowPct: 5, abovePct: 5 } },
      { costs: { gasQuote: 0, priceImpact: false } },
    );
    expect(c.costs).toEqual({ gasQuote: 0, swapGasQuote: 0, priceImpact: false });
    expect(run(c).totals.attribution.costsGas).toBe(0);
  }, 60_000);
});

describe("bad position forms give one line naming the config path", () => {
  const cases: [string, object, string, RegExp][] = [
    [
      "tick off the spacing",
      { position: { deposit: 1, ticks: { lower: 200_005, upper: 203_000 } } },
      "position.ticks.lower",
      /multiple of the pool's tick spacing 10/,
    ],
    [
      "lower >= upper",
      { position: { deposit: 1, ticks: { lower: 203_000, upper: 200_000 } } },
      "position.ticks.upper",
      /greater than lower/,
    ],
    [
      "fractional tick",
      { position: { deposit: 1, ticks: { lower: 1.5, upper: 10 } } },
      "position.ticks.lower",
      /integer/,
    ],
    [
      "liquidity as a number",
      { position: { liquidity: 123, ticks: { lower: 0, upper: 10 } } },
      "position.liquidity",
      /decimal string/,
    ],
    [
      "liquidity not an integer",
      { position: { liquidity: "1e18", ticks: { lower: 0, upper: 10 } } },
      "position.liquidity",
      /positive integer/,
    ],
    [
      "liquidity past uint128",
      { position: { liquidity: "9".repeat(400), ticks: { lower: 0, upper: 10 } } },
      "position.liquidity",
      /2\^128/,
    ],
    [
      "liquidity without ticks",
      { position: { liquidity: "1000", range: { belowPct: 1, abovePct: 1 } } },
      "position.ticks",
      /required with liquidity/,
    ],
    [
      "two capital forms",
      { position: { deposit: 1, amounts: { base: 1, quote: 1 }, range: { belowPct: 1, abovePct: 1 } } },
      "position.amounts",
      /one of deposit, amounts, liquidity/,
    ],
    ["no capital", { position: { range: { belowPct: 1, abovePct: 1 } } }, "position.deposit", /required/],
    [
      "range and ticks",
      { position: { deposit: 1, range: { belowPct: 1, abovePct: 1 }, ticks: { lower: 0, upper: 10 } } },
      "position.ticks",
      /either range or ticks/,
    ],
    [
      "empty amounts",
      { position: { amounts: { base: 0, quote: 0 }, ticks: { lower: 0, upper: 10 } } },
      "position.amounts",
      /> 0/,
    ],
    [
      "bad entry",
      { position: { deposit: 1, range: { belowPct: 1, abovePct: 1 }, entry: "mid" } },
      "position.entry",
      /open/,
    ],
    [
      "ticks on fullRange",
      { position: { deposit: 1, ticks: { lower: 0, upper: 10 } }, strategy: { kind: "fullRange" } },
      "position.ticks",
      /passive only/,
    ],
  ];
  test.each(cases)("%s", (_name, raw, path, msg) => {
    const e = errorOf(raw);
    expect(e.path).toBe(path);
    expect(e.shortMessage).toMatch(msg);
    expect(e.shortMessage).not.toContain("\n");
  });
});
