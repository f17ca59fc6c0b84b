import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { loadOhlcv } from "../../src/data/ohlcv.js";
import { ConfigError } from "../../src/errors/config.js";
import { normalCdf } from "../../src/math/stats/index.js";
import {
  assessRisk,
  DELTA_GAMMA_CAVEAT,
  parseRiskConfig,
  type RiskData,
  VOLATILITY_ESTIMATORS,
} from "../../src/risk/index.js";
import { createRng } from "../../src/sim/rng.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

const ETH = sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv");
const BTC = sharedData("prices", "binance-spot-1h", "BTCUSDT_1h.csv");
const data: RiskData = {
  prices: loadOhlcv(ETH, { dropLast: true }),
  correlateWith: loadOhlcv(BTC, { dropLast: true }),
};

const base = {
  position: { kind: "v3", deposit: 10_000, range: { belowPct: 10, abovePct: 10 } },
  data: { prices: "eth.csv", correlateWith: "btc.csv", from: "2022-01-01", to: "2022-12-31" },
  horizonDays: 7,
  confidence: [0.95, 0.99],
  monteCarlo: { paths: 20_000, seed: 7 },
  varMethods: ["historical", "deltaGamma", "monteCarlo"],
};

describe("assessRisk", () => {
  test("default", () => {
    const r = assessRisk(parseRiskConfig(base), data);
    expect(r.symbol).toBe("ETHUSDT");
    expect(r.from).toBe("2022-01-01");
    expect(r.to).toBe("2022-12-31");
    expect(r.bars).toBeGreaterThan(8700);
    // every estimator finite and plausible for ETH in 2022 (a ~80 % vol year)
    for (const e of VOLATILITY_ESTIMATORS) {
      expect(Number.isFinite(r.volatility[e]), e).toBe(true);
      expect(r.volatility[e], e).toBeGreaterThan(e === "ewma" ? 0.05 : 0.2);
      expect(r.volatility[e], e).toBeLessThan(1.5);
    }
    // ETH and BTC moved together in 2022
    expect(r.correlation!.pearson).toBeGreaterThan(0.7);
    expect(r.correlation!.pearson).toBeLessThan(0.98);
    expect(Math.abs(r.correlation!.ewma)).toBeLessThanOrEqual(1);
    expect(r.valueAtRisk).toHaveLength(6);
    for (const v of r.valueAtRisk) {
      expect(v.expectedShortfall, `${v.method} ${v.confidence}`).toBeGreaterThanOrEqual(v.valueAtRisk);
      expect(v.hedgedExpectedShortfall).toBeGreaterThanOrEqual(v.hedgedValueAtRisk);
      expect(v.valueAtRisk).toBeGreaterThan(0);
      // a short perp of the position's delta removes the first-order risk
      expect(v.hedgedValueAtRisk, `${v.method} ${v.confidence}`).toBeLessThan(v.valueAtRisk);
    }
    const at = (m: string, c: number) => r.valueAtRisk.find((v) => v.method === m && v.confidence === c)!;
    for (const m of ["historical", "deltaGamma", "monteCarlo"])
      expect(at(m, 0.99).valueAtRisk).toBeGreaterThan(at(m, 0.95).valueAtRisk);
    expect(r.position.value).toBeCloseTo(10_000, 6);
    expect(r.hedge.size).toBeCloseTo(r.position.delta, 12);
    expect(r.rangeExitProbability!).toBeGreaterThanOrEqual(r.outOfRangeAtHorizonProbability!);
  });

  test("behavior: ewmaHalfLife is a decay in time: 3d on hourly bars = ewmaLambdaPerBar 2^(−1/72)", () => {
    const a = assessRisk(parseRiskConfig({ ...base, ewmaHalfLife: "3d" }), data);
    const b = assessRisk(parseRiskConfig({ ...base, ewmaLambdaPerBar: 2 ** (-1 / 72) }), data);
    expect(a.volatility.ewma).toBe(b.volatility.ewma);
    expect(a.correlation!.ewma).toBe(b.correlation!.ewma);
    // The default, 11.2 h, is within 1e-4 of λ = 0.94 per hourly bar (the former default).
    const d = assessRisk(parseRiskConfig(base), data);
    const old = assessRisk(parseRiskConfig({ ...base, ewmaLambdaPerBar: 0.94 }), data);
    expect(Math.abs(d.volatility.ewma / old.volatility.ewma - 1)).toBeLessThan(1e-4);
  });

  test("behavior: Monte Carlo VaR is close to delta-gamma VaR for a short horizon", () => {
    const r = assessRisk(
      parseRiskConfig({ ...base, horizonDays: 0.25, volatility: 0.8, confidence: [0.95, 0.99] }),
      data,
    );
    for (const c of [0.95, 0.99]) {
      const dg = r.valueAtRisk.find((v) => v.method === "deltaGamma" && v.confidence === c)!;
      const mc = r.valueAtRisk.find((v) => v.method === "monteCarlo" && v.confidence === c)!;
      expect(Math.abs(mc.valueAtRisk / dg.valueAtRisk - 1), String(c)).toBeLessThan(0.05);
    }
  });

  test("behavior: probability of being out of range at the horizon matches a simulation", () => {
    const r = assessRisk(parseRiskConfig({ ...base, volatility: 0.8 }), data);
    const { lower, upper } = r.position;
    const s = 0.8 * Math.sqrt(7 / 365);
    const rng = createRng(3);
    const n = 200_000;
    let out = 0;
    for (let i = 0; i < n; i++) {
      const p = r.price * Math.exp(-0.5 * s * s + s * rng.nextNormal());
      if (p < lower! || p > upper!) out++;
    }
    const se = Math.sqrt((0.25 * 1) / n);
    expect(Math.abs(out / n - r.outOfRangeAtHorizonProbability!)).toBeLessThan(4 * se);
    // the closed form by hand, at the range's ends
    const half = 0.5 * s * s;
    expect(r.outOfRangeAtHorizonProbability!).toBeCloseTo(
      normalCdf((Math.log(lower! / r.price) + half) / s) +
        1 -
        normalCdf((Math.log(upper! / r.price) + half) / s),
      12,
    );
  });

  test("behavior: v2 LVR is σ²/8 of the value and the break-even APR σ²/8", () => {
    const cfg = parseRiskConfig({
      ...base,
      position: { kind: "v2", deposit: 5000 },
      volatility: 0.6,
      data: { ...base.data, correlateWith: undefined },
    });
    const r = assessRisk(cfg, { prices: data.prices });
    expect(r.lvrPerYear).toBeCloseTo((0.36 / 8) * 5000, 8);
    expect(r.breakEvenFeeApr).toBeCloseTo(0.36 / 8, 12);
    expect(r.rangeExitProbability).toBeNull();
    expect(r.correlation).toBeNull();
    expect(r.volatilityUsed).toEqual({ estimator: "config", value: 0.6 });
  });

  test("behavior: historical VaR of an unhedged v2 position equals a revaluation by hand", () => {
    const cfg = parseRiskConfig({
      ...base,
      position: { kind: "v2", deposit: 1000 },
      horizonDays: 1,
      confidence: [0.99],
      data: { prices: "eth.csv", from: "2022-06-01", to: "2022-06-30" },
    });
    const r = assessRisk(cfg, { prices: data.prices });
    // v2 value 2L√p = deposit·√(p/P): P&L over 24 overlapping bars
    const s = data.prices;
    let start = 0;
    while (s.time[start] < Date.UTC(2022, 5, 1)) start++;
    let end = start;
    while (end < s.length && s.time[end] < Date.UTC(2022, 6, 1)) end++;
    const pnl: number[] = [];
    for (let i = start; i + 24 < end; i++) pnl.push(1000 * Math.sqrt(s.close[i + 24] / s.close[i]) - 1000);
    pnl.sort((a, b) => a - b);
    const k = Math.ceil(pnl.length * 0.01 - 1e-9);
    const row = r.valueAtRisk.find((v) => v.method === "historical")!;
    expect(row.scenarios).toBe(pnl.length);
    expect(row.valueAtRisk).toBeCloseTo(-pnl[k - 1], 6);
  });

  test("behavior: a horizon longer than the window is rejected naming horizonDays", () => {
    const cfg = parseRiskConfig({
      ...base,
      horizonDays: 30,
      data: { prices: "e", from: "2022-03-01", to: "2022-03-10" },
    });
    expect(() => assessRisk(cfg, { prices: data.prices })).toThrow(/horizonDays/);
  });
});

describe("parseRiskConfig", () => {
  test("behavior: bad fields are rejected with their dotted path", () => {
    const bad: [unknown, RegExp][] = [
      [
        { ...base, position: { ...base.position, kind: "v4" } },
        /^position\.kind: expected one of "v2", "v3", "weighted", got "v4"/,
      ],
      [{ ...base, position: { kind: "v3", deposit: 1000 } }, /^position\.range: is required for kind v3/],
      [{ ...base, confidence: [0.95, 1.2] }, /^confidence\.1: must be less than 1, got 1\.2/],
      [{ ...base, horizonDays: "seven" }, /^horizonDays: expected a number, got "seven"/],
      [{ ...base, data: { ...base.data, from: "2022/01/01" } }, /^data\.from: expected a date YYYY-MM-DD/],
      [
        { ...base, monteCarlo: { paths: 10 } },
        /^monteCarlo\.paths: must be greater than or equal to 100, got 10/,
      ],
      [
        { ...base, position: { ...base.position, range: { belowPct: 10 } } },
        /^position\.range\.abovePct: is required with belowPct/,
      ],
      [{ ...base, extra: 1 }, /unknown key "extra"/],
      [{ ...base, volatility: "magic" }, /^volatility: expected a number > 0 or one of closeToClose/],
      [
        { ...base, ewmaLambda: 0.94 },
        /^ewmaLambda: is a decay per bar: give the half-life in time \(ewmaHalfLife/,
      ],
      [{ ...base, ewmaHalfLife: "3d", ewmaLambdaPerBar: 0.9 }, /^ewmaLambdaPerBar: give ewmaHalfLife or/],
      [{ ...base, ewmaHalfLife: "three days" }, /^ewmaHalfLife: expected a duration/],
      [
        { ...base, varMethods: ["gammaDelta"] },
        /^varMethods\.0: expected one of historical, deltaGamma, monteCarlo/,
      ],
    ];
    for (const [raw, re] of bad) {
      let err: unknown;
      try {
        parseRiskConfig(raw);
      } catch (e) {
        err = e;
      }
      expect(err, String(re)).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).shortMessage, String(re)).toMatch(re);
    }
  });
});

describe("lpguard risk", () => {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-risk-"));
  const cfg = join(dir, "risk.yaml");
  writeFileSync(
    cfg,
    [
      "position: { kind: v3, deposit: 10000, range: { belowPct: 10, abovePct: 10 }, hedge: { ratio: 1 } }",
      `data: { prices: ${JSON.stringify(relative(dir, ETH))}, correlateWith: ${JSON.stringify(relative(dir, BTC))}, from: "2022-01-01", to: "2022-12-31" }`,
      "horizonDays: 7",
      "monteCarlo: { paths: 5000, seed: 1 }",
    ].join("\n"),
  );

  test("default", async () => {
    const io = memoryIO();
    expect(await main(["risk", "--config", cfg, "--json"], io)).toBe(0);
    expect(io.stderr()).toBe("");
    const r = JSON.parse(io.stdout());
    for (const k of [
      "volatility",
      "volatilityUsed",
      "correlation",
      "valueAtRisk",
      "rangeExitProbability",
      "outOfRangeAtHorizonProbability",
      "lvrPerYear",
      "breakEvenFeeApr",
      "position",
      "hedge",
    ])
      expect(r, k).toHaveProperty(k);
    expect(Object.keys(r.volatility)).toEqual([...VOLATILITY_ESTIMATORS]);
    expect(r.correlation.symbol).toBe("BTCUSDT");
  });

  test("behavior: human tables", async () => {
    const io = memoryIO();
    expect(await main(["risk", "--config", cfg], io)).toBe(0);
    const text = io.stdout();
    for (const s of ["yangZhang", "pearson", "hedged VaR", "monteCarlo", "break-even fee APR"])
      expect(text).toContain(s);
  });

  test("behavior: the example config runs", async () => {
    const io = memoryIO();
    expect(await main(["risk", "--config", join(REPO_ROOT, "examples", "risk-eth.yaml"), "--json"], io)).toBe(
      0,
    );
    expect(JSON.parse(io.stdout()).position.kind).toBe("v3");
  });

  test("behavior: full revaluation is the default; delta-gamma only when listed, with its caveat in JSON and text", async () => {
    const { varMethods: _, ...plain } = base;
    const d = assessRisk(parseRiskConfig(plain), data);
    expect(d.valueAtRisk.map((v) => v.method)).toEqual([
      "historical",
      "monteCarlo",
      "historical",
      "monteCarlo",
    ]);
    for (const v of d.valueAtRisk) {
      expect(v.revaluation).toBe("full");
      expect(v.caveat).toBeNull();
    }
    // The CLI without varMethods prints no delta-gamma row.
    const io = memoryIO();
    expect(await main(["risk", "--config", cfg], io)).toBe(0);
    expect(io.stdout()).not.toMatch(/^deltaGamma/m);
    expect(io.stdout()).toContain("revalue the position in full");
    // Listed: its rows say they approximate, and the caveat is printed under the table.
    const withDg = join(dir, "dg.yaml");
    writeFileSync(withDg, `${readFileSync(cfg, "utf8")}\nvarMethods: [historical, deltaGamma, monteCarlo]\n`);
    const j = memoryIO();
    expect(await main(["risk", "--config", withDg, "--json"], j)).toBe(0);
    const rows = JSON.parse(j.stdout()).valueAtRisk as {
      method: string;
      revaluation: string;
      caveat: string;
    }[];
    const dg = rows.filter((v) => v.method === "deltaGamma");
    expect(dg).toHaveLength(2);
    for (const v of dg) {
      expect(v.revaluation).toBe("approximate");
      expect(v.caveat).toBe(DELTA_GAMMA_CAVEAT);
    }
    expect(DELTA_GAMMA_CAVEAT).toMatch(/range edges/);
    const h = memoryIO();
    expect(await main(["risk", "--config", withDg], h)).toBe(0);
    expect(h.stdout()).toMatch(/^deltaGamma/m);
    expect(h.stdout()).toContain(`caveat: ${DELTA_GAMMA_CAVEAT}`);
  });

  test("behavior: annualised figures of a window under 90 days are labelled so (JSON and text)", async () => {
    const short = join(dir, "short.yaml");
    writeFileSync(short, readFileSync(cfg, "utf8").replace('from: "2022-01-01"', 'from: "2022-12-01"'));
    const j = memoryIO();
    expect(await main(["risk", "--config", short, "--json"], j)).toBe(0);
    const r = JSON.parse(j.stdout());
    // 2022-12-01 .. 12-31 minus the last partial hour: 743 hourly bars.
    expect(r.windowDays).toBeCloseTo(r.bars / 24, 12);
    expect(r.windowDays).toBeGreaterThan(30);
    expect(r.windowDays).toBeLessThan(31.01);
    expect(r.annualizedShortWindow).toBe(true);
    const h = memoryIO();
    expect(await main(["risk", "--config", short], h)).toBe(0);
    const label = `(from ${r.windowDays.toFixed(1)} d < 90 d)`;
    for (const s of [
      "Realised volatility (annualised)",
      "volatility used",
      "LVR per year (quote)",
      "break-even fee APR",
    ])
      expect(h.stdout()).toContain(`${s} ${label}`);
    // A year's window: not labelled.
    const y = memoryIO();
    expect(await main(["risk", "--config", cfg], y)).toBe(0);
    expect(y.stdout()).not.toContain("d < 90 d)");
    const yj = memoryIO();
    expect(await main(["risk", "--config", cfg, "--json"], yj)).toBe(0);
    expect(JSON.parse(yj.stdout()).annualizedShortWindow).toBe(false);
  });

  test("behavior: a missing data file exits 2 naming data.prices", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "position: { kind: v2, deposit: 1 }\ndata: { prices: nope.csv }\nhorizonDays: 1\n");
    const io = memoryIO();
    expect(await main(["risk", "--config", bad], io)).toBe(2);
    expect(io.stderr()).toMatch(/data\.prices "nope\.csv": file not found/);
  });

  test("behavior: a bad field exits 2 naming its path", async () => {
    const bad = join(dir, "bad2.yaml");
    writeFileSync(
      bad,
      "position: { kind: v3, deposit: -5, range: { lower: 1, upper: 2 } }\ndata: { prices: x.csv }\nhorizonDays: 1\n",
    );
    const io = memoryIO();
    expect(await main(["risk", "--config", bad], io)).toBe(2);
    expect(io.stderr()).toMatch(/position\.deposit: must be greater than 0, got -5/);
    expect(io.stderr().trim().split("\n")).toHaveLength(1);
  });
});
