import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { hedgeReserveQuote } from "../../src/backtest/hedgeSetup.js";
import { runBacktest } from "../../src/backtest/runBacktest.js";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { KNOWN_POOLS } from "../../src/data/pools.js";
import { ConfigError } from "../../src/errors/config.js";
import { LN_1_0001, tickToPrice } from "../../src/math/units.js";
import { renderSimulationHtml } from "../../src/report/renderSimulationHtml.js";
import { createPriceModel } from "../../src/sim/priceModel.js";
import { createRng } from "../../src/sim/rng.js";
import { createEnginePathKernel, pathSeriesBuilder } from "../../src/simulate/engineKernel.js";
import { loadSimulationConfig, parseSimulationConfig, runSimulation } from "../../src/simulate/index.js";
import { planSimulation } from "../../src/simulate/runSimulation.js";
import { createSyntheticPoolSeries } from "../../src/simulate/syntheticSeries.js";
import { REPO_ROOT } from "../helpers/sharedData.js";

const POLYGON = KNOWN_POOLS["0x45dda9cb7c25131df268515131f647d726f50608"];
const LN_TICK = Math.log(1.0001);

const base = {
  model: { kind: "gbm", mu: 0, sigma: 0.8 },
  initialPrice: 3000,
  horizonDays: 1,
  steps: 1440,
  pool: { feeRate: 0.0005 },
  position: { deposit: 10_000, range: { belowPct: 10, abovePct: 10 } },
  syntheticPool: { liquidity: 1e18, tvl: 2e7, dailyTurnover: 0.5, volumeSigma: 0.5 },
  strategies: [
    { name: "kernel" },
    { name: "passive", engine: { strategy: { kind: "passive" } } },
    {
      name: "passiveDelta",
      engine: {
        strategy: { kind: "passive" },
        hedge: { kind: "delta", trigger: { kind: "absolute", band: 0.1 } },
        venues: { perp: { funding: { annualRate: 0.1 } } },
      },
    },
  ],
};

describe("createSyntheticPoolSeries", () => {
  test("default", () => {
    const b = createSyntheticPoolSeries({
      meta: POLYGON,
      rows: 3,
      stepMs: 60_000,
      liquidity: 5e17,
      volumeQuotePerStep: 1000,
      volumeSigma: 0,
      lowHigh: "endpoints",
    });
    b.fill(Float64Array.of(3000, 3100, 2900), createRng(1));
    const s = b.series;
    expect(s.length).toBe(3);
    expect(s.time[1] - s.time[0]).toBe(60_000);
    expect(Array.from(s.liquidity)).toEqual([5e17, 5e17, 5e17]);
    // USDC(6)/WETH(18), base WETH = token1: price rises, tick falls
    expect(s.closeTick[1]).toBeLessThan(s.closeTick[0]);
    expect(s.lowTick[1]).toBe(s.closeTick[1]);
    expect(s.highTick[1]).toBe(s.closeTick[0]);
    // row 0 trades nothing; then 500 USDC (raw 1e6) and 500 USDC worth of WETH (raw 1e18) per row
    expect(s.inAmount0[0]).toBe(0);
    expect(s.inAmount0[1]).toBeCloseTo(500e6, 3);
    expect(s.inAmount1[2] / 1e18).toBeCloseTo(500 / 2900, 12);
  });

  test("behavior: closeTick round-trips the path price within one tick (property)", () => {
    const b = createSyntheticPoolSeries({
      meta: POLYGON,
      rows: 4,
      stepMs: 60_000,
      liquidity: 1e18,
      volumeQuotePerStep: 0,
      volumeSigma: 0,
      lowHigh: "close",
    });
    const orient = { decimals0: 6, decimals1: 18, baseToken: 1 as const };
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (ps) => {
          const prices = Float64Array.from(ps);
          b.fill(prices, createRng(0));
          for (let i = 0; i < 4; i++) {
            const t = b.series.closeTick[i];
            // the pool's prices at t and t + 1 bracket the path price (price = 10^12 / 1.0001^tick falls with t;
            // t is the pool's floor tick of the raw price 10^12 / price)
            expect(tickToPrice({ tick: t, ...orient })).toBeGreaterThanOrEqual(prices[i] * (1 - 1e-12));
            expect(tickToPrice({ tick: t + 1, ...orient })).toBeLessThan(prices[i] * (1 + 1e-12));
            expect(Math.abs(Math.log(prices[i] / tickToPrice({ tick: t, ...orient })))).toBeLessThan(LN_TICK);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test("behavior: the close ticks equal the Math.log rule, also within an ulp of tick boundaries (property)", () => {
    // the reference: the tick rule written with Math.log (as the series computed it before the fast logarithm)
    const reference = (price: number, sign: number, lnScale: number): number => {
      const lnRaw = sign * Math.log(price) + lnScale;
      let t = Math.floor(lnRaw / LN_1_0001);
      if (t * LN_1_0001 > lnRaw) t--;
      else if ((t + 1) * LN_1_0001 <= lnRaw) t++;
      return t;
    };
    const bits = new DataView(new ArrayBuffer(8));
    const ulpStep = (x: number, k: number): number => {
      bits.setFloat64(0, x);
      bits.setBigInt64(0, bits.getBigInt64(0) + BigInt(k));
      return bits.getFloat64(0);
    };
    // three orientations: USDC(6)/WETH(18) base token1, the same base token0, and equal decimals
    const metas = [
      POLYGON,
      { ...POLYGON, baseToken: 0 as const },
      { ...POLYGON, token0: { ...POLYGON.token0, decimals: 18 } },
    ];
    const ticksOf = (meta: (typeof metas)[number], prices: Float64Array): Int32Array => {
      const b = createSyntheticPoolSeries({
        meta,
        rows: prices.length,
        stepMs: 60_000,
        liquidity: 1e18,
        volumeQuotePerStep: 0,
        volumeSigma: 0,
        lowHigh: "close",
      });
      b.fill(prices, createRng(1));
      return b.series.closeTick;
    };
    const orientation = fc.constantFrom(...metas);
    const check = (meta: (typeof metas)[number], prices: Float64Array) => {
      const sign = meta.baseToken === 0 ? 1 : -1;
      const lnScale = (meta.token1.decimals - meta.token0.decimals) * Math.LN10;
      const got = ticksOf(meta, prices);
      for (let i = 0; i < prices.length; i++) expect(got[i]).toBe(reference(prices[i], sign, lnScale));
    };
    fc.assert(
      fc.property(
        orientation,
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1 }),
        (meta, lnP) =>
          check(
            meta,
            Float64Array.from(lnP, (x) => Math.exp(x)),
          ),
      ),
      { numRuns: 300 },
    );
    // prices whose lnRaw is within a few ulps of t · ln 1.0001: the fast path must hand these to Math.log
    let straddles = 0;
    fc.assert(
      fc.property(orientation, fc.integer({ min: -400_000, max: 400_000 }), (meta, t) => {
        const sign = meta.baseToken === 0 ? 1 : -1;
        const lnScale = (meta.token1.decimals - meta.token0.decimals) * Math.LN10;
        const p0 = Math.exp(sign * (t * LN_1_0001 - lnScale));
        const prices = Float64Array.from({ length: 9 }, (_, k) => ulpStep(p0, k - 4));
        check(meta, prices);
        const ref = Array.from(prices, (p) => reference(p, sign, lnScale));
        if (Math.min(...ref) !== Math.max(...ref)) straddles++;
      }),
      { numRuns: 2000 },
    );
    // the nudged prices do straddle boundaries (both ticks of a boundary are hit)
    expect(straddles).toBeGreaterThan(100);
  });

  test("behavior: ticks from a GBM log sum (fillPathLog) equal the ticks from the prices, also next to tick boundaries", () => {
    const metas = [
      POLYGON,
      { ...POLYGON, baseToken: 0 as const },
      { ...POLYGON, token0: { ...POLYGON.token0, decimals: 18 } },
    ];
    const n = 2001;
    const mk = (meta: (typeof metas)[number]) =>
      createSyntheticPoolSeries({
        meta,
        rows: n,
        stepMs: 60_000,
        liquidity: 1e18,
        volumeQuotePerStep: 1000,
        volumeSigma: 0.5,
        lowHigh: "endpoints",
      });
    const prices = new Float64Array(n);
    const logs = new Float64Array(n);
    let rows = 0;
    for (const meta of metas) {
      const plain = mk(meta);
      const fromLogs = mk(meta);
      for (let k = 0; k < 40; k++) {
        const m = createPriceModel({ kind: "gbm", mu: 0, sigma: 0.2 + k / 4 });
        prices[0] = 3000;
        m.fillPathLog?.(createRng(11, k), prices, 1 / 8760, logs);
        plain.fill(prices, createRng(k));
        fromLogs.fill(prices, createRng(k), logs);
        expect(Array.from(fromLogs.series.closeTick)).toEqual(Array.from(plain.series.closeTick));
        expect(Array.from(fromLogs.series.lowTick)).toEqual(Array.from(plain.series.lowTick));
        expect(Array.from(fromLogs.series.inAmount0)).toEqual(Array.from(plain.series.inAmount0));
        rows += n;
      }
      // the margin logic: prices a few ulps around tick boundaries, the logs off by up to the allowed error
      const sign = meta.baseToken === 0 ? 1 : -1;
      const lnScale = (meta.token1.decimals - meta.token0.decimals) * Math.LN10;
      let straddles = 0;
      for (let i = 0; i < n; i++) {
        const t = -300_000 + i * 300;
        const p0 = Math.exp(sign * (t * LN_1_0001 - lnScale));
        prices[i] = p0 * (1 + ((i % 9) - 4) * 2.2e-16);
        logs[i] = Math.log(prices[i]) + (((i * 7) % 5) - 2) * 2e-10;
      }
      plain.fill(prices, createRng(1));
      fromLogs.fill(prices, createRng(1), logs);
      expect(Array.from(fromLogs.series.closeTick)).toEqual(Array.from(plain.series.closeTick));
      for (let i = 0; i < n; i++) if (plain.series.closeTick[i] !== -300_000 + i * 300) straddles++;
      expect(straddles).toBeGreaterThan(100);
    }
    expect(rows).toBe(3 * 40 * n);
    expect(() => mk(POLYGON).fill(prices, createRng(1), new Float64Array(3))).toThrow(/logs\.length/);
  });

  test("behavior: lognormal volume keeps its mean", () => {
    const n = 20_001;
    const b = createSyntheticPoolSeries({
      meta: POLYGON,
      rows: n,
      stepMs: 60_000,
      liquidity: 1e18,
      volumeQuotePerStep: 2000,
      volumeSigma: 0.5,
      lowHigh: "close",
    });
    b.fill(new Float64Array(n).fill(3000), createRng(3));
    let sum = 0;
    for (let i = 1; i < n; i++) sum += b.series.inAmount0[i] / 1e6;
    // E[1000 · exp(σZ − σ²/2)] = 1000; std of the mean ≈ 1000 · 0.53 / √20000 ≈ 3.8
    expect(sum / (n - 1)).toBeGreaterThan(1000 - 20);
    expect(sum / (n - 1)).toBeLessThan(1000 + 20);
  });
});

describe("createEnginePathKernel", () => {
  test("behavior: one engine reset per path gives the rows and traces of a fresh runBacktest per path", () => {
    const config = parseSimulationConfig({
      ...base,
      horizonDays: 0.25,
      steps: 360,
      strategies: [
        { name: "kernelBand", hedge: { mode: "band", band: 0.02, costRate: 0.0005 } },
        base.strategies[2],
        { name: "recenter", engine: { strategy: { kind: "recenter", params: { widthPct: 2 } } } },
        // with latency the mint and the margin deposit are still pending after bar 0 (in the reset snapshot)
        { name: "late", engine: { ...base.strategies[2].engine, latencyMinutes: 3 } },
        // a proactive hedge has no state(): assembled afresh for every path
        {
          name: "proactive",
          engine: {
            strategy: { kind: "passive" },
            hedge: {
              kind: "proactive",
              venue: "perp",
              forecast: { model: "ewma", halfLife: "2h" },
              mapping: { baseBand: 0.1 },
            },
          },
        },
      ],
    });
    const plans = planSimulation(config, REPO_ROOT).plans;
    let trades = 0;
    let rebalances = 0;
    for (const plan of plans) {
      const p = plan.path;
      const kernel = createEnginePathKernel(p);
      const reserve = hedgeReserveQuote(p.backtest);
      const row = new Float64Array(8);
      const trace = new Float64Array(p.steps + 1);
      for (let i = 0; i < 8; i++) {
        // runPath and runPathTrace alternate, so each of the kernel's two engines is reset several times
        const traced = i % 3 === 1;
        if (traced) kernel.runPathTrace(createRng(11, i), row, 0, trace);
        else kernel.runPath(createRng(11, i), row, 0);
        // the independent run: the same path and series, assembled afresh
        const rng = createRng(11, i);
        const prices = new Float64Array(p.steps + 1);
        prices[0] = p.initialPrice;
        createPriceModel(p.model).fillPath(rng, prices, p.horizonYears / p.steps);
        const builder = pathSeriesBuilder(p);
        builder.fill(prices, rng);
        const r = runBacktest({ config: p.backtest, baseDir: REPO_ROOT, series: builder.series });
        const a = r.totals.attribution;
        const expected = [
          r.totals.pnl,
          a.fees,
          a.lvr,
          a.hedge + a.funding + a.premium,
          a.costs,
          r.hedgeTrades,
          r.totals.timeInRange,
          r.totals.rebalances,
        ];
        expect(Array.from(row), `${plan.name} path ${i}`).toEqual(expected);
        if (traced)
          expect(Array.from(trace.subarray(1))).toEqual(
            Array.from(r.series.value.subarray(1), (v) => v - reserve),
          );
        trades += r.hedgeTrades;
        rebalances += r.totals.rebalances;
      }
    }
    // the paths exercise the resets: hedge fills on every hedged path, and pool re-centrings
    expect(trades).toBeGreaterThan(100);
    expect(rebalances).toBeGreaterThan(2);
  }, 60_000);
});

describe("runSimulation (engine strategies)", () => {
  test("default", async () => {
    const run = await runSimulation(parseSimulationConfig(base), { paths: 60, seed: 7, tracePaths: 0 });
    const [k, u, h] = run.report.strategies;
    // every strategy runs on the engine; the kernel-style one as a passive range without a hedge
    expect([k.kernel, u.kernel, h.kernel]).toEqual(["engine", "engine", "engine"]);
    expect(k.engine).toEqual({ strategy: "passive", hedges: [], meanPoolRebalances: 0 });
    expect(u.engine).toEqual({ strategy: "passive", hedges: [], meanPoolRebalances: 0 });
    expect(h.engine?.hedges).toEqual(["delta"]);
    for (const s of [u, h])
      for (const m of [s.totalPnl, s.fees, s.lvr, s.hedgeTrades]) expect(m.count).toBe(60);
    // the same pool side on the same paths: only the hedge differs
    expect(h.fees.mean).toBe(u.fees.mean);
    expect(h.lvr.mean).toBe(u.lvr.mean);
    expect(u.hedgeTrades.mean).toBe(0);
    expect(h.hedgeTrades.mean).toBeGreaterThan(1);
    // the ±0.1 ETH delta hedge removes most of the price risk
    expect(h.totalPnl.std).toBeLessThan(0.5 * u.totalPnl.std);
    expect(run.report.syntheticPool?.fee).toBe(0.0005);
  });

  test("behavior: the kernel-style and the passive engine strategy have the same LVR on the same paths", async () => {
    // One engine, one pool: the kernel-style strategy mints the tokens of [lower, upper] at S0 without a swap (on the
    // tick grid the smaller of the two liquidities, the rest kept as cash), the passive one swaps half the deposit to
    // the tick range's ratio (0.05 % fee): their liquidities, and so their LVRs, differ by about 0.1 %.
    const run = await runSimulation(
      parseSimulationConfig({
        ...base,
        horizonDays: 2,
        steps: 2880,
        strategies: base.strategies.slice(0, 2),
      }),
      { paths: 80, seed: 11, tracePaths: 0 },
    );
    const [k, u] = run.report.strategies;
    expect(k.lvr.mean).toBeGreaterThan(0);
    expect(Math.abs(u.lvr.mean / k.lvr.mean - 1)).toBeLessThan(0.005);
    // and both are of the closed-form order (σ²/8-type rate at S0; in-range time < 1 lowers the realised rate)
    expect(u.lvrPerYear / u.theoreticalLvrPerYear).toBeGreaterThan(0.4);
    expect(u.lvrPerYear / u.theoreticalLvrPerYear).toBeLessThan(1.25);
  });

  test("behavior: a bad engine config names the path", () => {
    const bad =
      (strategies: unknown[], extra: Record<string, unknown> = {}) =>
      () =>
        parseSimulationConfig({ ...base, ...extra, strategies });
    expect(
      bad([
        {
          name: "x",
          engine: { strategy: { kind: "passive" }, hedge: { kind: "delta", trigger: { kind: "nope" } } },
        },
      ]),
    ).toThrow(/strategies\.0\.engine\.hedge\.trigger\.kind/);
    expect(bad([{ name: "x", engine: { strategy: { kind: "sideways" } } }])).toThrow(
      /strategies\.0\.engine\.strategy\.kind/,
    );
    expect(
      bad([{ name: "x", engine: { strategy: { kind: "recenter", params: { widthPct: 5, bandPct: 8 } } } }]),
    ).toThrow(/strategies\.0\.engine\.strategy\.params\.bandPct/);
    expect(bad([{ name: "x", hedge: { mode: "band" }, engine: { strategy: { kind: "passive" } } }])).toThrow(
      /strategies\.0\.hedge/,
    );
    expect(
      bad([{ name: "x", engine: { strategy: { kind: "passive" } } }], { syntheticPool: undefined }),
    ).toThrow(/syntheticPool/);
    expect(bad(base.strategies, { syntheticPool: { ...base.syntheticPool, pool: "0x1234" } })).toThrow(
      /syntheticPool\.pool/,
    );
    expect(bad(base.strategies, { syntheticPool: { ...base.syntheticPool, liquidity: -1 } })).toThrow(
      ConfigError,
    );
  });
});

describe("lpguard simulate (engine strategies)", () => {
  test("behavior: same seed gives identical JSON, another seed does not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpguard-sim-engine-"));
    const cfg = join(dir, "sim.json");
    writeFileSync(cfg, JSON.stringify({ ...base, horizonDays: 0.5, steps: 720 }));
    const run = async (seed: string) => {
      const io = memoryIO();
      expect(await main(["simulate", "--config", cfg, "--paths", "20", "--seed", seed, "--json"], io)).toBe(
        0,
      );
      return io.stdout();
    };
    const a = await run("4");
    expect(await run("4")).toBe(a);
    expect(await run("5")).not.toBe(a);
    expect(JSON.parse(a).strategies[2].hedgeTrades.count).toBe(20);
  });

  test("behavior: examples/simulate-engine.yaml runs in-process", async () => {
    const file = join(REPO_ROOT, "examples", "simulate-engine.yaml");
    const config = loadSimulationConfig(file);
    expect(config.steps).toBe(10_080);
    const io = memoryIO();
    expect(await main(["simulate", "--config", file, "--paths", "50", "--json"], io)).toBe(0);
    const r = JSON.parse(io.stdout());
    expect(r.strategies.map((s: { name: string }) => s.name)).toEqual([
      "kernelUnhedged",
      "passive",
      "passiveDelta",
      "recenter",
    ]);
    const [, passive, hedged, recenter] = r.strategies;
    expect(hedged.totalPnl.std).toBeLessThan(0.5 * passive.totalPnl.std);
    expect(recenter.engine.meanPoolRebalances).toBeGreaterThan(0);
    const human = memoryIO();
    expect(await main(["simulate", "--config", file, "--paths", "5"], human)).toBe(0);
    expect(human.stdout()).toContain("engine passive + delta");
  });

  test("behavior: a bad engine config exits 2 naming the path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpguard-sim-engine-"));
    const cfg = join(dir, "bad.json");
    writeFileSync(
      cfg,
      JSON.stringify({
        ...base,
        strategies: [
          { name: "x", engine: { strategy: { kind: "passive" }, hedge: { kind: "delta", trigger: {} } } },
        ],
      }),
    );
    const io = memoryIO();
    expect(await main(["simulate", "--config", cfg, "--paths", "5"], io)).toBe(2);
    expect(io.stderr()).toContain("strategies.0.engine.hedge.trigger");
  });
});

describe("runSimulation on the engine: workers and fan charts", () => {
  const mixed = parseSimulationConfig({
    ...base,
    horizonDays: 0.25,
    steps: 360,
    strategies: [
      { name: "kernelBand", hedge: { mode: "band", band: 0.02, costRate: 0.0005 } },
      ...base.strategies.slice(1),
      { name: "recenter", engine: { strategy: { kind: "recenter", params: { widthPct: 2 } } } },
    ],
  });

  test("behavior: the results are bit-identical for workers = 1, 2 and 3", async () => {
    const runs = [];
    for (const workers of [1, 2, 3])
      runs.push(await runSimulation(mixed, { paths: 45, seed: 3, workers, tracePaths: 0 }));
    const [one, ...rest] = runs;
    for (const r of rest) {
      expect(r.report).toEqual(one.report);
      r.totalPnl.forEach((pnl, k) => {
        expect(Array.from(pnl)).toEqual(Array.from(one.totalPnl[k]));
      });
    }
    // not trivially equal: the strategies differ, and so do the paths
    expect(new Set(one.report.strategies.map((s) => s.totalPnl.mean)).size).toBe(4);
    expect(one.report.strategies[0].hedgeTrades.mean).toBeGreaterThan(0);
    expect(one.totalPnl[0][0]).not.toBe(one.totalPnl[0][1]);
  }, 120_000);

  test("behavior: the HTML report has one fan chart per strategy, its bands ordered p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95", async () => {
    const run = await runSimulation(mixed, { paths: 30, seed: 4, tracePaths: 30 });
    expect(run.fans.map((f) => f.strategy)).toEqual(mixed.strategies.map((s) => s.name));
    for (const f of run.fans) {
      expect(f.paths).toBe(30);
      expect(f.p5[0]).toBe(base.position.deposit); // every path starts at the deposit
      for (let j = 0; j < f.p5.length; j++) {
        expect(f.p5[j]).toBeLessThanOrEqual(f.p25[j]);
        expect(f.p25[j]).toBeLessThanOrEqual(f.p50[j]);
        expect(f.p50[j]).toBeLessThanOrEqual(f.p75[j]);
        expect(f.p75[j]).toBeLessThanOrEqual(f.p95[j]);
      }
      // the bands open up over time
      expect(f.p95[f.p95.length - 1] - f.p5[f.p5.length - 1]).toBeGreaterThan(0);
    }
    const html = renderSimulationHtml(run);
    const figures = [...html.matchAll(/<figure class="fan" data-strategy="([^"]+)">(.*?)<\/figure>/gs)];
    expect(figures.map((m) => m[1])).toEqual(mixed.strategies.map((s) => s.name));
    for (const m of figures) {
      expect(m[2].match(/<polygon points="[^"]+"/g)).toHaveLength(2); // 5–95 % and 25–75 % bands
      expect(m[2]).toMatch(/<path d="M[\d.]+ [\d.]+(L[\d.]+ [\d.]+)+"/); // the median line
    }
  }, 120_000);
});
