import { describe, expect, test } from "vitest";
import { createRng } from "../rng.js";
import { LP_HEDGE_COLUMNS, lpHedgeKernel } from "./lpHedge.js";
import { createLpModelKernel, type LpModelConfig } from "./lpModel.js";

const base = {
  initialPrice: 2000,
  horizonYears: 14 / 365,
  steps: 336,
  deposit: 10_000,
  lower: 1800,
  upper: 2300,
  feeRate: 0.003,
  noise: { turnoverPerYear: 15, volumeSigma: 0.4 },
};
const cols = LP_HEDGE_COLUMNS.length;

describe("createLpModelKernel", () => {
  test("default", () => {
    const k = createLpModelKernel({ ...base, model: { kind: "gbm", mu: 0, sigma: 0.7 } });
    const out = new Float64Array(cols);
    k.runPath(createRng(1, 0), out, 0);
    for (let j = 0; j < cols; j++) expect(Number.isFinite(out[j]), LP_HEDGE_COLUMNS[j]).toBe(true);
    expect(out[3]).toBeGreaterThan(0); // LVR
    expect(out[4]).toBe(0); // unhedged
  });

  test("behavior: with model gbm it gives the lpHedge kernel's rows on the same streams", () => {
    for (const hedge of [
      undefined,
      { mode: "interval" as const, every: 4, ratio: 1, costRate: 0.0005 },
      { mode: "band" as const, band: 0.03, ratio: 0.8, costRate: 0.001 },
    ]) {
      const cfg = { ...base, hedge };
      const a = createLpModelKernel({ ...cfg, model: { kind: "gbm", mu: 0.1, sigma: 0.9 } });
      const b = lpHedgeKernel.create({ ...cfg, mu: 0.1, sigma: 0.9 });
      const ra = new Float64Array(cols);
      const rb = new Float64Array(cols);
      for (let i = 0; i < 50; i++) {
        a.runPath(createRng(9, i), ra, 0);
        b.runPath(createRng(9, i), rb, 0);
        for (let j = 0; j < cols; j++) {
          const scale = Math.max(1, Math.abs(rb[j]));
          // the two GBMs compound exp steps on P and on √P: equal up to rounding
          expect(
            Math.abs(ra[j] - rb[j]) / scale,
            `${hedge?.mode} path ${i} ${LP_HEDGE_COLUMNS[j]}`,
          ).toBeLessThan(LP_HEDGE_COLUMNS[j] === "rebalances" ? 1e-12 : 1e-8);
        }
      }
    }
  });

  test("behavior: the trace ends at the row's total value", () => {
    const k = createLpModelKernel({
      ...base,
      model: { kind: "merton", mu: 0, sigma: 0.6, lambda: 20, jumpMean: -0.01, jumpStd: 0.05 },
      hedge: { mode: "band", band: 0.05, costRate: 0.0005 },
    });
    const out = new Float64Array(cols);
    const trace = new Float64Array(base.steps + 1);
    k.runPathTrace(createRng(4, 2), out, 0, trace);
    const again = new Float64Array(cols);
    k.runPath(createRng(4, 2), again, 0);
    expect(Array.from(again)).toEqual(Array.from(out));
    expect(trace[base.steps] - base.deposit).toBeCloseTo(out[6], 8);
    // the opening hedge trade costs costRate × base0 × S0, base0 = L(1/√S0 − 1/√B) from the v3 amounts
    const [s0, sa, sb] = [Math.sqrt(base.initialPrice), Math.sqrt(base.lower), Math.sqrt(base.upper)];
    const L = base.deposit / ((1 / s0 - 1 / sb) * base.initialPrice + (s0 - sa));
    expect(trace[0]).toBeCloseTo(base.deposit - 0.0005 * L * (1 / s0 - 1 / sb) * base.initialPrice, 9);
  });

  test("behavior: every path model runs and its log-return spread matches its volatility", () => {
    const models: [LpModelConfig["model"], number][] = [
      [{ kind: "garch", omega: 0.64 * (1 / 8760) * 0.05, alpha: 0.05, beta: 0.9 }, 0.8],
      [
        { kind: "regime", mu: [0, 0], sigma: [0.4, 1.2], p01: 0.01, p10: 0.01 },
        Math.sqrt(0.5 * 0.16 + 0.5 * 1.44),
      ],
      [
        { kind: "bootstrap", logReturns: [0.01, -0.01, 0.02, -0.02], blockLength: 1 },
        Math.sqrt(0.00025 * 8760),
      ],
    ];
    for (const [model, vol] of models) {
      const k = createLpModelKernel({ ...base, horizonYears: 336 / 8760, model });
      const out = new Float64Array(cols);
      const n = 2000;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        k.runPath(createRng(11, i), out, 0);
        const r = Math.log(out[7] / base.initialPrice);
        ss += r * r;
      }
      const realised = Math.sqrt(ss / n / (336 / 8760));
      expect(Math.abs(realised / vol - 1), model.kind).toBeLessThan(0.08);
    }
  });

  test("behavior: bad fields are named", () => {
    expect(() => createLpModelKernel({ ...base, model: { kind: "nope" } })).toThrow(/model\.kind/);
    expect(() => createLpModelKernel({ ...base, model: { kind: "gbm", mu: 0, sigma: -1 } })).toThrow(/sigma/);
    expect(() =>
      createLpModelKernel({ ...base, model: { kind: "gbm", mu: 0, sigma: 1 }, hedge: { mode: "x" } }),
    ).toThrow(/hedge\.mode/);
    expect(() =>
      createLpModelKernel({ ...base, upper: 100, model: { kind: "gbm", mu: 0, sigma: 1 } }),
    ).toThrow(/upper/);
  });
});
